-- One row per calendar year the database covers: a dimension for coverage views.
create table "year" (
    "year"          integer primary key check ("year" between 1990 and 2100),
    is_in_claims    boolean not null
);

comment on table "year" is 'One row per calendar year the database covers, from the earliest year a claim or report refers to through the latest; a dimension for coverage views.';
comment on column "year"."year" is 'Calendar year.';
comment on column "year".is_in_claims is 'True when at least one claim''s period includes this year.';
