-- One row per figure and publisher whose editions state the figure more than once: the
-- first-published and the latest value, and whether the later edition changed it. Both values
-- stay in `claim`; this view only lines them up. Only stated values count (a derived figure is
-- not an edition's statement); a penalty of one provision and a penalty of another are
-- different figures (their category differs), never a revision of each other. A figure one
-- edition gives and a later one says was not reported is a change.
--
-- grain: figure_key, publisher
-- stored: ranking every claim by edition costs a second at a million claims.
-- partition: country_iso3
--
-- columns:
--   figure_key:
--   publisher: The publisher whose editions state the figure.
--   country_iso3:
--   indicator_code:
--   year_from:
--   year_to:
--   period:
--   breakdown:
--   unit:
--   n_editions: Number of that publisher's documents that state the figure.
--   first_report_id: The earliest edition stating it.
--   first_published_year: Year that edition was published.
--   first_claim_id: The claim in that edition.
--   first_source_id: Originator of that claim.
--   first_figure_text: The figure first published, with its unit.
--   latest_report_id: The latest edition stating it.
--   latest_published_year: Year that edition was published.
--   latest_claim_id: The claim in that edition.
--   latest_source_id: Originator of that claim.
--   latest_figure_text: The figure in the latest edition, with its unit.
--   is_changed: True when the latest edition's figure differs from the first-published one (a value, its bounds, or reported against not reported).
--   change: For a count, the latest value minus the first, where both are exact values: a whole number.
--   amount_change: For another unit (money, a duration, a percentage), the latest amount minus the first, exact.
with

claims as (
    select
        stg_figure_value.member_id as claim_id,
        stg_figure_value.figure_key,
        stg_figure_value.publisher,
        stg_figure_value.published_year,
        stg_figure_value.report_id,
        stg_figure_value.source_id,
        stg_figure_value.figure_text,
        stg_figure_value.value_key,
        stg_claim.country_iso3,
        stg_claim.indicator_code,
        stg_claim.year_from,
        stg_claim.year_to,
        stg_claim.period,
        stg_claim.breakdown,
        stg_claim.unit,
        stg_claim.value,
        stg_claim.amount
    from stg_figure_value
    inner join stg_claim on stg_claim.claim_id = stg_figure_value.claim_id
    where not stg_figure_value.is_derived
),

editions as (
    select figure_key, publisher, count(distinct report_id) as n_editions
    from claims
    group by figure_key, publisher
),

ordered as (
    select
        claims.*,
        editions.n_editions,
        row_number() over (
            partition by claims.figure_key, claims.publisher
            order by claims.published_year, claims.report_id, claims.claim_id
        ) as rank_first,
        row_number() over (
            partition by claims.figure_key, claims.publisher
            order by claims.published_year desc, claims.report_id desc, claims.claim_id
        ) as rank_latest
    from claims
    inner join editions
        on editions.figure_key = claims.figure_key and editions.publisher = claims.publisher
    where editions.n_editions > 1
),

firsts as (
    select * from ordered where rank_first = 1
),

latests as (
    select * from ordered where rank_latest = 1
),

final as (
    select
        firsts.figure_key,
        firsts.publisher,
        firsts.country_iso3,
        firsts.indicator_code,
        firsts.year_from,
        firsts.year_to,
        firsts.period,
        firsts.breakdown,
        firsts.unit,
        firsts.n_editions,
        firsts.report_id as first_report_id,
        firsts.published_year as first_published_year,
        firsts.claim_id as first_claim_id,
        firsts.source_id as first_source_id,
        firsts.figure_text as first_figure_text,
        latests.report_id as latest_report_id,
        latests.published_year as latest_published_year,
        latests.claim_id as latest_claim_id,
        latests.source_id as latest_source_id,
        latests.figure_text as latest_figure_text,
        coalesce(firsts.value_key, '') <> coalesce(latests.value_key, '') as is_changed,
        latests.value - firsts.value as change,
        latests.amount - firsts.amount as amount_change
    from firsts
    inner join latests
        on latests.figure_key = firsts.figure_key and latests.publisher = firsts.publisher
)

select * from final
