-- One row per figure (country, indicator, period, breakdown and unit) that more than one
-- edition of the same publisher states: the first-published and the latest value, and whether
-- the later edition changed it. Both values stay in `claim`; this view only lines them up.
--
-- stored: ranking every claim by edition costs a second at a million claims.
-- partition: country_iso3
--
-- columns:
--   figure_key: The figure: country, indicator, period, breakdown and unit, as one text.
--   publisher: The publisher whose editions state the figure.
--   country_iso3: Country the figure is about.
--   indicator_code: What the figure counts.
--   year_from: First year of the figure's period.
--   year_to: Last year of the figure's period.
--   breakdown: The figure's breakdown as text, or all.
--   unit: Unit of the figure.
--   n_editions: Number of that publisher's documents that state the figure.
--   first_report_id: The earliest edition stating it.
--   first_published_year: Year that edition was published.
--   first_claim_id: The claim in that edition.
--   first_source_id: Originator of that claim.
--   first_value: Value first published (null for ranges or not reported).
--   first_figure_text: The figure first published, as text.
--   latest_report_id: The latest edition stating it.
--   latest_published_year: Year that edition was published.
--   latest_claim_id: The claim in that edition.
--   latest_source_id: Originator of that claim.
--   latest_value: Value in the latest edition.
--   latest_figure_text: The figure in the latest edition, as text.
--   is_changed: True when the latest edition's figure differs from the first-published one.
--   change: latest_value minus first_value, where both are values.
with

figures as (
    select * from claim_figure where qualifier <> 'period'
),

editions as (
    select figure_key, publisher, count(distinct report_id) as n_editions
    from figures
    group by figure_key, publisher
),

ordered as (
    select
        figures.*,
        editions.n_editions,
        row_number() over (partition by figures.figure_key, figures.publisher order by figures.published_year, figures.report_id, figures.claim_id) as rank_first,
        row_number() over (partition by figures.figure_key, figures.publisher order by figures.published_year desc, figures.report_id desc, figures.claim_id) as rank_latest
    from figures
    inner join editions on editions.figure_key = figures.figure_key and editions.publisher = figures.publisher
),

firsts as (
    select * from ordered where rank_first = 1 and n_editions > 1
),

latests as (
    select * from ordered where rank_latest = 1 and n_editions > 1
),

final as (
    select
        firsts.figure_key,
        firsts.publisher,
        firsts.country_iso3,
        firsts.indicator_code,
        firsts.year_from,
        firsts.year_to,
        firsts.breakdown,
        firsts.unit,
        firsts.n_editions,
        firsts.report_id as first_report_id,
        firsts.published_year as first_published_year,
        firsts.claim_id as first_claim_id,
        firsts.source_id as first_source_id,
        firsts.value as first_value,
        firsts.figure_text as first_figure_text,
        latests.report_id as latest_report_id,
        latests.published_year as latest_published_year,
        latests.claim_id as latest_claim_id,
        latests.source_id as latest_source_id,
        latests.value as latest_value,
        latests.figure_text as latest_figure_text,
        firsts.figure_text <> latests.figure_text as is_changed,
        latests.value - firsts.value as change
    from firsts
    inner join latests on latests.figure_key = firsts.figure_key and latests.publisher = firsts.publisher
)

select * from final
