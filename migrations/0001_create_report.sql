-- One row per source document (a report, a cable): its provenance and the checksum of the
-- vendored file.
create table report (
    report_id       varchar primary key check (regexp_full_match(report_id, '[a-z0-9]+(-[a-z0-9]+)*')),
    title           varchar not null,
    kind            varchar not null check (kind in ('tip_report', 'government_report', 'diplomatic_cable')),
    publisher       varchar not null,
    published_year  integer not null check (published_year between 1990 and 2100),
    published_on    date check (published_on is null or year(published_on) = published_year),
    released_on     date,
    period_start_on date,
    period_end_on   date check (period_end_on is null or period_start_on <= period_end_on),
    country_iso3    varchar not null check (regexp_full_match(country_iso3, '[A-Z]{3}')),
    identifier      varchar,
    citation        varchar not null,
    file_path       varchar not null,
    sha256          varchar not null check (regexp_full_match(sha256, '[0-9a-f]{64}'))
);

comment on table report is 'One row per source document (report, cable) in the corpus, with its provenance and the sha256 of the vendored file.';
comment on column report.report_id is 'Stable identifier of the document, as in the corpus manifest (e.g. tip-2025-aze).';
comment on column report.title is 'Title of the document.';
comment on column report.kind is 'Kind of document: tip_report (U.S. State Department TIP Report country narrative), government_report (a national government''s own report), diplomatic_cable.';
comment on column report.publisher is 'Who published or sent the document.';
comment on column report.published_year is 'Year the document was published (for a cable, the year it was created).';
comment on column report.published_on is 'Exact publication (or creation) date where known; null when only the year is known.';
comment on column report.released_on is 'Date a non-public document was released publicly (cables); null otherwise.';
comment on column report.period_start_on is 'First day of the period the document reports on (for a TIP report, its reporting period).';
comment on column report.period_end_on is 'Last day of the period the document reports on.';
comment on column report.country_iso3 is 'ISO 3166-1 alpha-3 code of the country the document is about.';
comment on column report.identifier is 'The publisher''s own identifier or edition name (e.g. 09BAKU141, TIP Report 2018).';
comment on column report.citation is 'Full citation of the document.';
comment on column report.file_path is 'Path of the vendored text, relative to seeds/documents/.';
comment on column report.sha256 is 'SHA-256 of the vendored file; the build refuses a document whose checksum differs.';
