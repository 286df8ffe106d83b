-- Each source document's own status: its public address and its license, as the manifest
-- records them (seeds/documents/manifest.yaml; the curated data themselves are CC BY 4.0, see
-- LICENSE). Added columns, nullable: the rows of an earlier database keep every value and get
-- null here until the next build. ALTER TABLE cannot add a column with a CHECK constraint, and
-- report cannot be rebuilt without rebuilding the tables that reference it, so the values are
-- checked by the seed rules (report-url, report-license) instead.

alter table report add column url varchar;
alter table report add column url_note varchar;
alter table report add column license varchar;
alter table report add column license_note varchar;

comment on column report.url is 'Public address of the document where one is known to the curators (see url_note for what it points at); null when none is known. The build does not fetch it.';
comment on column report.url_note is 'What url points at when it is not the document itself (e.g. the edition of which the country narrative is a chapter), or why there is no url; null when url is the document.';
comment on column report.license is 'The document''s own license status, a short id: public-domain-us-gov (a work of the U.S. government, public domain in the United States, 17 U.S.C. 105), an SPDX identifier, or unknown (the document states none). The curated data are CC BY 4.0; each document keeps its own status.';
comment on column report.license_note is 'What is known of the document''s license status, in the curators'' words.';
