-- One row per question "what is <indicator> in <country> for <year>?" (the indicator without
-- breakdown; every country, indicator and year of indicator_coverage): the verdict and one
-- paragraph in plain language that a reporter can quote with its citation. The paragraph names
-- every value with whose figure it is (the originator who produced it), who relayed it and the
-- document; says whether values agree, differ inside one originator's statistics, differ
-- between originators, or differ only by definition or kind of period; says who did not
-- report the figure; and flags derived, implied, low-confidence and judged values. The figures
-- themselves, one row each, are in answer_figure; `tiplake explain INDICATOR YEAR` prints both.
--
-- Verdicts: one_figure (one statement, no other value), agree (several statements, one value),
-- differ_within_originator (different values, all of one originator's own figures: relays of
-- it are not a second source), differ_between_originators, differ_in_period (the values differ
-- only between a calendar year and a TIP reporting period), not_reported (no value; an
-- originator said it did not report it), no_figure (a document covers the year but gives no
-- value) and no_document (no document covers the year). A value of a differently defined
-- related indicator never changes the verdict: the paragraph names it as another count.
--
-- grain: country_iso3, indicator_code, year
-- stored: its verdicts over every country, indicator and year took 3.8 s at a million claims.
-- partition: country_iso3
--
-- columns:
--   country_iso3: =indicator_coverage
--   indicator_code: The indicator asked about.
--   indicator_label: Its label.
--   year: The calendar year asked about.
--   verdict: one_figure, agree, differ_within_originator, differ_between_originators, differ_in_period, not_reported, no_figure or no_document (see the view's header).
--   headline_figure: The value to quote when the verdict is one_figure or agree; null when the values differ or none is given (then read the paragraph).
--   n_values: Number of distinct values given for the year (derived figures included).
--   n_statements: Number of claims and derived figures giving a value.
--   n_originators: Number of distinct originators whose own figures give a value (a relay or a restatement is never a second originator).
--   originators: Those originators' names.
--   not_reported_by: The originators that said they did not report the figure, for the year or a period including it (with the document); null when none did.
--   has_derived: True when a value is derived from a breakdown rather than stated.
--   has_low_confidence: True when a value could not be read with certainty.
--   other_definitions: Values of differently defined, related indicators for the year (another count, not a second source of this one); null when none.
--   coverage: The year's coverage of the indicator (indicator_coverage).
--   paragraph: The answer in plain language: question, values with originators, relays and documents, verdict, what was not reported, caveats.
with

questions as (
    select country_iso3, indicator_code, "year", coverage from indicator_coverage
),

indicators as (
    select indicator_code as labelled_code, label from indicator
),

-- answer_figure read once (each read of a view is a copy of it on engines that inline views,
-- Spark): distinct values, originators and absences are counted by ranking them, not with
-- count(distinct) (Spark has no distinct windows, and refuses a string_agg beside a distinct
-- aggregate).
ranked as (
    select
        answer_figure.*,
        row_number() over (
            partition by country_iso3, indicator_code, "year", role, value_key order by member_id
        ) as value_rank,
        row_number() over (
            partition by country_iso3, indicator_code, "year", role, original_source_id order by member_id
        ) as originator_rank,
        row_number() over (
            partition by country_iso3, indicator_code, "year", role, original_source_name, report_id
            order by member_id
        ) as absence_rank,
        case when period_basis in ('calendar_year', 'reporting_period') then period_basis end as stated_basis
    from answer_figure
),

summed as (
    select
        country_iso3,
        indicator_code,
        "year",
        count(case when role = 'figure' and value_rank = 1 then 1 end) as n_values,
        count(case when role = 'figure' then 1 end) as n_statements,
        count(case when role = 'figure' and originator_rank = 1 then 1 end) as n_originators,
        case when min(case when role = 'figure' then stated_basis end)
            <> max(case when role = 'figure' then stated_basis end) then 2 else 1 end as n_bases,
        max(case when role = 'figure' and is_derived then 1 else 0 end) = 1 as has_derived,
        max(case when role = 'figure' and is_low_confidence then 1 else 0 end) = 1 as has_low_confidence,
        min(case when role = 'figure' then figure_text end) as min_figure_text,
        -- each value in words, in a stable order
        string_agg(
            case when role = 'figure' then
                figure_text
                    || ' ('
                    || case when is_derived then 'derived from the parts of a breakdown in '
                        else 'source: ' || original_source_name
                            || case when relayed_by is not null then ', relayed by ' || relayed_by else '' end
                            || '; '
                        end
                    || report_title || ', ' || cast(published_year as varchar)
                    || case when period_basis = 'reporting_period' then '; for the TIP reporting period, April to March' else '' end
                    || case when is_implied then '; implied by the wording, not stated' else '' end
                    || case when is_low_confidence then '; read with low confidence' else '' end
                    || case when judgement = 'likely_error' then '; judged a likely error by the curators' else '' end
                    || ')'
            end,
            '; '
            order by published_year nulls first, report_id nulls first, member_id nulls first
        ) as values_text,
        string_agg(
            case when role = 'figure' and originator_rank = 1 then original_source_name end,
            ', ' order by original_source_name nulls first
        ) as originators,
        string_agg(
            case when role = 'not_reported' and absence_rank = 1
                then original_source_name || ' (' || report_title || ')' end,
            '; ' order by original_source_name nulls first, report_id nulls first
        ) as not_reported_by,
        string_agg(
            case when role = 'other_definition' then
                member_indicator_label || ' ' || figure_text || ' (source: ' || original_source_name
                    || '; ' || report_title || ')'
            end,
            '; ' order by member_indicator_label nulls first, report_id nulls first, member_id nulls first
        ) as other_definitions
    from ranked
    group by country_iso3, indicator_code, "year"
),

joined as (
    select
        questions.country_iso3,
        questions.indicator_code,
        indicators.label as indicator_label,
        questions."year",
        questions.coverage,
        summed.n_values,
        summed.n_statements,
        summed.n_originators,
        summed.n_bases,
        summed.has_derived,
        summed.has_low_confidence,
        summed.min_figure_text,
        summed.values_text,
        summed.originators,
        summed.not_reported_by,
        summed.other_definitions
    from questions
    inner join indicators on indicators.labelled_code = questions.indicator_code
    left join summed
        on summed.country_iso3 = questions.country_iso3
        and summed.indicator_code = questions.indicator_code
        and summed."year" = questions."year"
),

judged as (
    select
        *,
        case
            when coalesce(n_statements, 0) = 0 and not_reported_by is not null then 'not_reported'
            when coalesce(n_statements, 0) = 0 and coverage = 'no_document' then 'no_document'
            when coalesce(n_statements, 0) = 0 then 'no_figure'
            when n_values = 1 and n_statements = 1 then 'one_figure'
            when n_values = 1 then 'agree'
            when n_bases > 1 then 'differ_in_period'
            when n_originators > 1 then 'differ_between_originators'
            else 'differ_within_originator'
        end as verdict
    from joined
),

final as (
    select
        country_iso3,
        indicator_code,
        indicator_label,
        "year",
        verdict,
        case when verdict in ('one_figure', 'agree') then min_figure_text end as headline_figure,
        coalesce(n_values, 0) as n_values,
        coalesce(n_statements, 0) as n_statements,
        coalesce(n_originators, 0) as n_originators,
        originators,
        not_reported_by,
        coalesce(has_derived, false) as has_derived,
        coalesce(has_low_confidence, false) as has_low_confidence,
        other_definitions,
        coverage,
        indicator_label || ', ' || country_iso3 || ', ' || cast("year" as varchar) || ': '
            || case verdict
                when 'no_document' then 'no document in tiplake covers this year.'
                when 'no_figure' then 'a document in tiplake covers this year, but none gives this figure.'
                when 'not_reported' then 'no figure is given; it was not reported.'
                when 'one_figure' then values_text || '. No other document in tiplake gives a value for this year.'
                when 'agree' then values_text || '. These ' || cast(n_statements as varchar) || ' statements agree'
                    || case when n_originators = 1 then ', but all are ' || originators || '''s own figure: a relay is not a confirmation.'
                        else ' (' || cast(n_originators as varchar) || ' originators: ' || originators || ').' end
                when 'differ_in_period' then values_text || '. The values differ, but one counts a calendar year and another a TIP reporting period (April to March), which can explain it.'
                when 'differ_between_originators' then values_text || '. The originators disagree (' || originators || '); tiplake keeps every value and does not choose.'
                else values_text || '. The values differ, but all are ' || originators || '''s own figures: a discrepancy inside one originator''s statistics, not a disagreement between sources.'
            end
            || case when not_reported_by is not null and verdict <> 'no_document'
                then ' Not reported by: ' || not_reported_by || '.' else '' end
            || case when has_derived then ' A derived value is computed from the parts the document gives, not stated by it.' else '' end
            || case when other_definitions is not null
                then ' A differently defined count, not the same figure: ' || other_definitions || '.' else '' end
            as paragraph
    from judged
)

select * from final
