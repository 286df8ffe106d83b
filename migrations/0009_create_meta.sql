-- One row describing the published file: which schema, which DuckDB, which storage format,
-- when, and from which seeds it was built.
create table _meta (
    schema_version      integer not null,
    duckdb_version      varchar not null,
    storage_version     varchar not null,
    built_at            timestamp not null,
    seeds_commit        varchar,
    seeds_are_committed boolean,
    seeds_sha256        varchar not null check (regexp_full_match(seeds_sha256, '[0-9a-f]{64}'))
);

comment on table _meta is 'One row describing the published database: schema version, the DuckDB version that built it, its storage format, build time and the seeds it was built from.';
comment on column _meta.schema_version is 'Highest migration version applied (see schema_migrations).';
comment on column _meta.duckdb_version is 'Version of the DuckDB library that built the file.';
comment on column _meta.storage_version is 'Storage format of the file as DuckDB reports it (v1.0.0+ opens in DuckDB 1.1 and later).';
comment on column _meta.built_at is 'When the build finished (UTC).';
comment on column _meta.seeds_commit is 'Git commit of the project checkout the seeds were read from; null outside a git checkout.';
comment on column _meta.seeds_are_committed is 'False when the seeds had uncommitted changes at build time (the commit alone does not identify them); null outside a git checkout.';
comment on column _meta.seeds_sha256 is 'sha256 over every seed file (path and bytes, in path order): identifies the exact seeds whatever git says.';
