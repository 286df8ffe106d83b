-- One row per originator a figure is attributed to.
create table source (
    source_id   varchar primary key check (regexp_full_match(source_id, '[a-z][a-z0-9_]*')),
    name        varchar not null,
    kind        varchar not null check (kind in (
                    'government', 'us_department_of_state', 'us_embassy', 'media', 'ngo',
                    'intergovernmental', 'observers', 'official')),
    description varchar not null
);

comment on table source is 'One row per originator a figure is attributed to: who the document says the figure comes from.';
comment on column source.source_id is 'Stable identifier of the originator (e.g. gov_aze, us_dos, media).';
comment on column source.name is 'Name of the originator.';
comment on column source.kind is 'Kind of originator: government, us_department_of_state, us_embassy, media, ngo, intergovernmental, observers (unnamed observers), official (a named official speaking for themself).';
comment on column source.description is 'Who this originator is and when a figure is attributed to it.';
