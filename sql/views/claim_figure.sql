-- One row per claim, with what the reconciliation views compare: the figure it belongs to
-- (country, indicator, period, breakdown, unit), its value as display text, its originator's
-- kind, its publisher and whether the originator published it itself.
--
-- stored: every reconciliation view reads it; computed once per build.
-- partition: country_iso3
--
-- columns:
--   claim_id: Stable identifier of the claim.
--   report_id: The document the claim's quote comes from.
--   report_kind: Kind of that document (tip_report, government_report, diplomatic_cable).
--   publisher: Who published that document.
--   published_year: Year that document was published.
--   source_id: Who the document says the figure comes from.
--   source_kind: Kind of that originator.
--   is_own_publication: True when the originator published the figure itself (a government figure in the government's report, a State Department figure in a TIP Report, an embassy figure in its cable); false when relayed by another publisher.
--   indicator_code: What the figure counts.
--   country_iso3: Country the figure is about.
--   year_from: First year of the period the figure refers to; null for timeless facts.
--   year_to: Last year of that period.
--   sex: Breakdown by sex, or all.
--   age_band: Breakdown by age band, or all.
--   exploitation_form: Breakdown by form of exploitation, or all.
--   citizenship: Breakdown by citizenship, or all.
--   destination_iso3: Breakdown by destination country, or all.
--   origin_iso3: Breakdown by country of origin, or all.
--   category: What exactly is counted within the indicator (an offence, an aggravation, a referring body), or all.
--   breakdown: The non-'all' breakdowns and category as text (e.g. sex=female, exploitation_form=sexual), or all.
--   unit: Unit of the figure.
--   figure_key: One text naming the figure the claim is about: country, indicator, period, breakdown and unit. Claims with the same figure_key are about the same figure.
--   qualifier: How the figure is stated (exact, approximate, at_least, ..., not_reported, period).
--   is_reported: False for not_reported claims (an absence) and period claims (no value).
--   value: The stated value (null for ranges, not_reported and period claims).
--   value_low: Lower bound, where stated.
--   value_high: Upper bound, where stated.
--   value_key: The claim's value as comparable text: the value, or low-high for a range; null when not reported. Two claims of one figure disagree when their value_key differ.
--   figure_text: The figure as a reader would say it: 91, about 700, at least 36, up to 50, 5-10, not reported.
--   part_of_claim_id: The total this claim is a part of, if any.
--   same_amount_as_claim_id: The same amount in another currency, if any.
--   is_low_confidence: True when the curator could not read the figure with certainty.
--   quote: The verbatim quote.
with

claims as (
    select * from claim
),

reports as (
    select report_id, kind, publisher, published_year from report
),

sources as (
    select source_id, kind from source
),

joined as (
    select
        claims.*,
        reports.kind as report_kind,
        reports.publisher,
        reports.published_year,
        sources.kind as source_kind,
        (sources.kind = 'government' and reports.kind = 'government_report')
            or (sources.kind = 'us_department_of_state' and reports.kind = 'tip_report')
            or (sources.kind = 'us_embassy' and reports.kind = 'diplomatic_cable')
            as is_own_publication,
        -- Values as text without trailing zeros: whole numbers through bigint, others with
        -- their zeros trimmed (floor, not trunc, and no concat_ws: portable to other engines).
        case when claims.value = floor(claims.value)
            then cast(cast(claims.value as bigint) as varchar)
            else rtrim(cast(claims.value as varchar), '0') end as value_fmt,
        case when claims.value_low = floor(claims.value_low)
            then cast(cast(claims.value_low as bigint) as varchar)
            else rtrim(cast(claims.value_low as varchar), '0') end as low_fmt,
        case when claims.value_high = floor(claims.value_high)
            then cast(cast(claims.value_high as bigint) as varchar)
            else rtrim(cast(claims.value_high as varchar), '0') end as high_fmt,
        -- The non-'all' breakdowns, each preceded by ', '; the first separator is cut below.
        (case when claims.sex <> 'all' then ', sex=' || claims.sex else '' end)
            || (case when claims.age_band <> 'all' then ', age_band=' || claims.age_band else '' end)
            || (case when claims.exploitation_form <> 'all' then ', exploitation_form=' || claims.exploitation_form else '' end)
            || (case when claims.citizenship <> 'all' then ', citizenship=' || claims.citizenship else '' end)
            || (case when claims.destination_iso3 <> 'all' then ', destination_iso3=' || claims.destination_iso3 else '' end)
            || (case when claims.origin_iso3 <> 'all' then ', origin_iso3=' || claims.origin_iso3 else '' end)
            || (case when claims.category <> 'all' then ', category=' || claims.category else '' end)
            as breakdown_parts
    from claims
    inner join reports on claims.report_id = reports.report_id
    inner join sources on claims.source_id = sources.source_id
),

breakdowns as (
    select
        joined.*,
        case when breakdown_parts = '' then 'all' else substring(breakdown_parts, 3) end as breakdown
    from joined
),

final as (
    select
        claim_id,
        report_id,
        report_kind,
        publisher,
        published_year,
        source_id,
        source_kind,
        is_own_publication,
        indicator_code,
        country_iso3,
        year_from,
        year_to,
        sex,
        age_band,
        exploitation_form,
        citizenship,
        destination_iso3,
        origin_iso3,
        category,
        breakdown,
        unit,
        country_iso3 || ' | ' || indicator_code || ' | '
            || case
                when year_from is null then 'timeless'
                when year_from = year_to then cast(year_from as varchar)
                else cast(year_from as varchar) || '-' || cast(year_to as varchar)
            end
            || ' | ' || breakdown || ' | ' || unit as figure_key,
        qualifier,
        qualifier not in ('not_reported', 'period') as is_reported,
        value,
        value_low,
        value_high,
        case
            when qualifier in ('not_reported', 'period') then null
            when qualifier = 'range' then low_fmt || '-' || high_fmt
            else value_fmt
        end as value_key,
        case qualifier
            when 'not_reported' then 'not reported'
            when 'period' then cast(year_from as varchar) || '-' || cast(year_to as varchar)
            when 'range' then low_fmt || '-' || high_fmt
            when 'approximate' then 'about ' || value_fmt
            when 'at_least' then 'at least ' || value_fmt
            when 'more_than' then 'more than ' || value_fmt
            when 'at_most' then 'up to ' || value_fmt
            when 'less_than' then 'less than ' || value_fmt
            else value_fmt
        end as figure_text,
        part_of_claim_id,
        same_amount_as_claim_id,
        is_low_confidence,
        quote
    from breakdowns
)

select * from final
