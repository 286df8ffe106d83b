-- One row per claim, with the labels of its report, originator and indicator beside it, so a
-- figure can be read and cited without joins.
--
-- columns:
--   claim_id: Stable identifier of the claim (<report_id>:<slug>).
--   report_id: The document the quote comes from.
--   report_title: Title of that document.
--   report_kind: Kind of that document (tip_report, government_report, diplomatic_cable).
--   report_published_year: Year that document was published.
--   source_id: Who the document says the figure comes from.
--   source_name: Name of that originator.
--   source_kind: Kind of originator (government, us_department_of_state, us_embassy, media, ngo, intergovernmental, observers, official).
--   indicator_code: What the figure counts or measures.
--   indicator_label: Human-readable name of the indicator.
--   pillar: Area of work of the indicator (prosecution, protection, prevention, legal_framework, context).
--   country_iso3: ISO alpha-3 code of the country the figure is about.
--   year_from: First calendar year the figure refers to; null for a timeless fact.
--   year_to: Last calendar year the figure refers to; equal to year_from for an annual figure.
--   value: The figure as stated; null for ranges, not_reported and period claims.
--   value_low: Lower bound (range, at_least, more_than); null otherwise.
--   value_high: Upper bound (range, at_most, less_than); null otherwise.
--   qualifier: exact, approximate, at_least, more_than, at_most, less_than, range, not_reported or period.
--   is_reported: False when the claim records that the figure was not reported (an absence, not a zero).
--   unit: Unit of the figure (a count noun, an ISO 4217 currency, a duration, percent, tier).
--   value_label: The category as stated (e.g. Tier 2 Watch List), where the figure is one.
--   value_text: The words or digits of the quote the value was read from.
--   sex: Breakdown by sex, or all.
--   age_band: Breakdown by age band, or all.
--   exploitation_form: Breakdown by form of exploitation, or all.
--   citizenship: Breakdown by citizenship, or all.
--   destination_iso3: Breakdown by destination country, or all.
--   origin_iso3: Breakdown by country of origin (citizenship), or all.
--   category: What exactly is counted within the indicator (an offence, an aggravation, a referring body), or all.
--   is_breakdown: True when the claim is a part of another claim (its total).
--   part_of_claim_id: The total this claim is a part of, if any.
--   same_amount_as_claim_id: The same amount in another currency, if any.
--   quote: The verbatim text the figure is read from.
--   quote_start: Character offset of the quote in the document.
--   quote_end: Character offset just after the quote.
--   context_before: Document text just before the quote.
--   context_after: Document text just after the quote.
--   is_low_confidence: True when the curator could not read the figure with certainty.
--   confidence_reason: Why the claim is low-confidence.
--   note: The curator's note.
with

claims as (
    select * from claim
),

reports as (
    select report_id, title, kind, published_year from report
),

sources as (
    select source_id, name, kind from source
),

indicators as (
    select indicator_code, label, pillar from indicator
),

final as (
    select
        claims.claim_id,
        claims.report_id,
        reports.title as report_title,
        reports.kind as report_kind,
        reports.published_year as report_published_year,
        claims.source_id,
        sources.name as source_name,
        sources.kind as source_kind,
        claims.indicator_code,
        indicators.label as indicator_label,
        indicators.pillar,
        claims.country_iso3,
        claims.year_from,
        claims.year_to,
        claims.value,
        claims.value_low,
        claims.value_high,
        claims.qualifier,
        claims.qualifier <> 'not_reported' as is_reported,
        claims.unit,
        claims.value_label,
        claims.value_text,
        claims.sex,
        claims.age_band,
        claims.exploitation_form,
        claims.citizenship,
        claims.destination_iso3,
        claims.origin_iso3,
        claims.category,
        claims.part_of_claim_id is not null as is_breakdown,
        claims.part_of_claim_id,
        claims.same_amount_as_claim_id,
        claims.quote,
        claims.quote_start,
        claims.quote_end,
        claims.context_before,
        claims.context_after,
        claims.is_low_confidence,
        claims.confidence_reason,
        claims.note
    from claims
    inner join reports on claims.report_id = reports.report_id
    inner join sources on claims.source_id = sources.source_id
    inner join indicators on claims.indicator_code = indicators.indicator_code
)

select * from final
