-- One row per unit a figure can be stated in.
create table unit (
    unit        varchar primary key check (regexp_full_match(unit, '[A-Za-z][A-Za-z0-9_]*')),
    kind        varchar not null check (kind in ('count', 'currency', 'duration', 'percent', 'rank')),
    label       varchar not null
);

comment on table unit is 'One row per unit a figure can be stated in: counts, currencies (ISO 4217), durations, percentages, ranks.';
comment on column unit.unit is 'Code of the unit: a count noun (persons, cases), an ISO 4217 currency code (AZN, USD), a duration (years, months, hours), percent or tier.';
comment on column unit.kind is 'Kind of unit: count, currency, duration, percent or rank.';
comment on column unit.label is 'Human-readable description of the unit.';
