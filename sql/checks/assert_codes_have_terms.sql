-- Every code a view or table shows a reader has a plain label in the term view: a kind of
-- conflict, a verdict, a coverage state, a consistency result or kind, a judgement, a
-- qualifier, a kind of period, document or source, a pillar, a ratio's basis.
with shown as (
    select distinct 'conflict_kind' as field, conflict_kind as code from conflict
    union all
    select distinct 'verdict', verdict from answer
    union all
    select distinct 'coverage', coverage from indicator_coverage
    union all
    select distinct 'result', result from consistency_check
    union all
    select distinct 'sum_kind', kind from consistency_check
    union all
    select distinct 'judgement', judgement from claim
    union all
    select distinct 'qualifier', qualifier from claim
    union all
    select distinct 'period_basis', period_basis from claim
    union all
    select distinct 'period_basis', period_basis from answer_figure
    union all
    select distinct 'report_kind', kind from report
    union all
    select distinct 'source_kind', kind from source
    union all
    select distinct 'pillar', pillar from indicator
    union all
    select distinct 'basis', convictions_per_100_victims_basis from justice_funnel
    union all
    select distinct 'basis', convictions_per_100_prosecuted_basis from justice_funnel
)
select shown.field, shown.code
from shown
where shown.code is not null
    and not exists (
        select 1 from term where term.field = shown.field and term.code = shown.code
    )
