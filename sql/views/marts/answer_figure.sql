-- One row per figure that answers a question "what is <indicator> in <country> for <year>?",
-- without breakdown: every value a claim or a derived figure gives for exactly that year, every
-- statement that the figure was not reported (a multi-year "did not report" counts in every
-- year of its period), and the values of differently defined indicators declared related to it
-- (indicator_relation), which answer a similar but different question. `answer` sums these
-- rows up in one plain-language paragraph per question; `tiplake explain` prints both.
--
-- grain: country_iso3, indicator_code, year, member_id
--
-- columns:
--   country_iso3: The country the question is about.
--   indicator_code: The indicator the question asks about.
--   year: The calendar year the question asks about.
--   role: figure (a value of the indicator for that year), not_reported (a statement that it was not reported, for that year or a period including it) or other_definition (a value of a differently defined, related indicator for that year: not the same count).
--   member_id:
--   claim_id: =stg_figure_value
--   member_indicator_code: The indicator of this figure (the question's, or the related one's for other_definition).
--   member_indicator_label: Its label.
--   definition: What that indicator counts, as the vocabulary defines it.
--   figure_text: The value as a reader would say it, with its unit, or "not reported".
--   value_key: =stg_figure_value
--   unit: Unit of the value.
--   period: The period of the claim (the year, or the multi-year period of a "did not report").
--   period_basis: The kind of period its sentence states: calendar_year, reporting_period or unstated (null for a derived figure).
--   original_source_id: Whose figure it is: the originator who produced it (a relay is never a second originator).
--   original_source_name: Name of that originator.
--   relayed_by: Who relayed it (the document's publisher) when the originator did not publish it itself; null otherwise.
--   report_id: The document it comes from.
--   report_title: That document's title.
--   published_year: When that document was published.
--   is_derived: True for a figure derived from a declared breakdown (not stated anywhere).
--   derived_rule: How a derived figure follows from its parts; null for a claim.
--   part_claim_ids: For a derived figure, the claims it comes from.
--   is_implied: True for a claim implied, not stated, by another claim's sentence.
--   is_low_confidence: True when the value could not be read with certainty.
--   judgement: The curator's judgement (likely_error, preferred), if any.
--   judgement_reason: =stg_figure_value
--   quote: The verbatim sentence; null for a derived figure.
with

members as (
    select member_id, claim_id, indicator_code as member_indicator_code, part_source_ids, country_iso3, year_from, year_to, figure_text, value_key, unit, period, original_source_id, report_id, published_year, is_derived, derived_rule, part_claim_ids, is_low_confidence, judgement, judgement_reason, is_reported
    from stg_figure_value
    where breakdown = 'all' and year_from is not null
),

claims as (
    select
        claim_id, period_basis, original_source_name, relayed_by, report_title, is_implied, quote
    from stg_claim
),

sources as (
    select source_id, name from source
),

reports as (
    select report_id, title from report
),

indicators as (
    select indicator_code, label, definition from indicator
),

-- Which questions a member answers: its own indicator, and the indicators declared related to
-- it (indicator_relation, both ways). One join, so that the members are read once (each read
-- of a view is a copy of it on engines that inline views, Spark).
questions as (
    select indicator_code as member_indicator_code, indicator_code as question_code, true as is_own
    from indicator
    union all
    select related_indicator_code, indicator_code, false from indicator_relation
    union all
    select indicator_code, related_indicator_code, false from indicator_relation
),

years as (
    select "year" from "year"
),

-- A value answers for exactly its year; a statement that it was not reported answers for every
-- year of its period, and only for its own indicator.
rows_ as (
    select
        questions.question_code as indicator_code,
        years."year",
        case
            when not members.is_reported then 'not_reported'
            when questions.is_own then 'figure'
            else 'other_definition'
        end as role,
        members.*
    from members
    inner join questions on questions.member_indicator_code = members.member_indicator_code
    inner join years on years."year" between members.year_from and members.year_to
    where (members.is_reported and members.year_from = members.year_to)
        or (not members.is_reported and questions.is_own)
),

final as (
    select
        rows_.country_iso3,
        rows_.indicator_code,
        rows_."year",
        rows_.role,
        rows_.member_id,
        rows_.claim_id,
        rows_.member_indicator_code,
        indicators.label as member_indicator_label,
        indicators.definition,
        rows_.figure_text,
        rows_.value_key,
        rows_.unit,
        rows_.period,
        claims.period_basis,
        rows_.original_source_id,
        coalesce(
            claims.original_source_name, sources.name, rows_.original_source_id,
            'the originators of its parts (' || rows_.part_source_ids || ')'
        ) as original_source_name,
        claims.relayed_by,
        rows_.report_id,
        coalesce(claims.report_title, reports.title) as report_title,
        rows_.published_year,
        rows_.is_derived,
        rows_.derived_rule,
        rows_.part_claim_ids,
        coalesce(claims.is_implied, false) as is_implied,
        rows_.is_low_confidence,
        rows_.judgement,
        rows_.judgement_reason,
        claims.quote
    from rows_
    inner join indicators on indicators.indicator_code = rows_.member_indicator_code
    left join claims on claims.claim_id = rows_.claim_id
    left join sources on sources.source_id = rows_.original_source_id
    left join reports on reports.report_id = rows_.report_id
)

select * from final
