-- What a claim asserts about who produced it and what period it counts, and whether it is
-- stated or only implied (issue 28). Added columns, nullable, at the end of the table (the
-- loader inserts the claim columns in table order): an earlier database's rows get null until
-- the next build. ALTER TABLE cannot add a CHECK constraint; the seed rules check the values
-- (wrong-type for period_basis, attribution-wording, implied-source).

alter table claim add column attribution_reason varchar;
alter table claim add column period_basis varchar;
alter table claim add column implied_by_claim_id varchar;

comment on column claim.attribution_reason is 'Why the claim''s source_id is not the originator its sentence names (rule attribution-wording), in the curator''s words; null when the wording and the source agree.';
comment on column claim.period_basis is 'What kind of period the sentence says the figure counts: calendar_year (a year named, "in 2017"), reporting_period (a TIP report''s April-March reporting period); null when the sentence does not say.';
comment on column claim.implied_by_claim_id is 'The claim whose sentence implies this one without stating it (a tier placement implied by "the fifth consecutive year on Tier 2 Watch List"); null for a stated claim. An implied claim is a derived fact: it counts as its source claim''s originator, never as a second one.';
