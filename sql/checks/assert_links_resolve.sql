-- Every link between claims names a claim of the database: a part's total, the same amount in
-- another currency, the claim a restatement repeats, a declared sum's total and parts.
with links as (
    select claim_id, 'part_of' as link, part_of_claim_id as target from claim
    union all
    select claim_id, 'same_amount_as', same_amount_as_claim_id from claim
    union all
    select claim_id, 'restates', restates_claim_id from claim
    union all
    select sum_id, 'sum total', total_claim_id from claim_sum
    union all
    select sum_id, 'sum part', claim_id from claim_sum_part
)
select links.claim_id, links.link, links.target
from links
where links.target is not null
    and links.target not in (select claim_id from claim)
