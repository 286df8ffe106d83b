-- One row per indicator (what a figure counts or measures).
create table indicator (
    indicator_code         varchar primary key check (regexp_full_match(indicator_code, '[a-z][a-z0-9_]*')),
    label                  varchar not null,
    unit                   varchar not null,
    pillar                 varchar not null check (pillar in ('prosecution', 'protection', 'prevention', 'legal_framework', 'context')),
    definition             varchar not null,
    unodc_equivalent       varchar,
    sdg_equivalent         varchar,
    allows_future_period   boolean not null default false
);

comment on table indicator is 'One row per indicator: what a figure counts or measures, with its written definition and international equivalents.';
comment on column indicator.indicator_code is 'Stable code of the indicator (e.g. victims_identified, persons_convicted).';
comment on column indicator.label is 'Human-readable name of the indicator.';
comment on column indicator.unit is 'Default unit of the indicator''s figures (a claim may state another, e.g. a currency).';
comment on column indicator.pillar is 'Area of anti-trafficking work: prosecution, protection, prevention, legal_framework or context.';
comment on column indicator.definition is 'Written definition: what is counted, and how it differs from similar indicators.';
comment on column indicator.unodc_equivalent is 'The equivalent indicator of the UNODC Global Report on Trafficking in Persons, where one exists.';
comment on column indicator.sdg_equivalent is 'The equivalent SDG indicator (e.g. 16.2.2), where one exists.';
comment on column indicator.allows_future_period is 'True for indicators whose period may end after the document was published (action plans).';
