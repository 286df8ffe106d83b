-- One row per input of the build, with the sha256 it had: the rebuild compares them with the
-- current inputs to redo only what changed (see tiplake/incremental.py).
create table _build_input (
    input   varchar primary key,
    sha256  varchar not null check (regexp_full_match(sha256, '[0-9a-f]{64}'))
);

comment on table _build_input is 'What the database was built from, for the next rebuild: one row per claims file, and one (input *) for everything else (code, DuckDB version, migrations, SQL, vocabularies, manifest, documents). A rebuild in which only claims files changed starts from this database and redoes the countries those files are about.';
comment on column _build_input.input is 'The claims file (e.g. seeds/claims/tip-2018-aze.yaml), or * for every other input.';
comment on column _build_input.sha256 is 'The claims file''s cache key (its bytes, its report, the vocabularies and the validation code), or a digest of every other input.';

alter table _meta add column rebuilds integer default 0;
comment on column _meta.rebuilds is '0 when the file was built in full; n when it is the nth rebuild in a row from the previous file (only claims files changed, see _build_input).';
