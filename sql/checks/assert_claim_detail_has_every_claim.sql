-- Every claim appears exactly once in claim_detail (no claim lost or duplicated by its joins).
select claim.claim_id, count(claim_detail.claim_id) as rows_in_claim_detail
from claim
left join claim_detail on claim.claim_id = claim_detail.claim_id
group by claim.claim_id
having count(claim_detail.claim_id) <> 1
