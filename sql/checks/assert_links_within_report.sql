-- A part and its total, and an amount and its other currency, come from the same report.
select child.claim_id, child.report_id, parent.claim_id as linked_claim_id, parent.report_id as linked_report_id
from claim as child
inner join claim as parent
    on parent.claim_id = coalesce(child.part_of_claim_id, child.same_amount_as_claim_id)
where child.report_id <> parent.report_id
