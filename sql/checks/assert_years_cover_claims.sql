-- The year dimension covers every year any claim refers to.
select claim_id, year_from, year_to
from claim
where year_from is not null
  and (year_from < (select min("year") from "year") or year_to > (select max("year") from "year"))
