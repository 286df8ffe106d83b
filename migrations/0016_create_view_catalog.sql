-- What the outputs need to know about each view, written by the build from the header of its
-- file in sql/views/ (views.py), so that every output reads the published database alone
-- (issue 30): the SQLite export indexes each materialized view on its grain. A view's
-- description is its COMMENT ON VIEW (duckdb_views()), not repeated here.
create table _view (
    view_name  varchar primary key,
    grain      varchar[] not null,
    is_stored  boolean not null
);

comment on table _view is 'One row per view of the database: the columns that identify its rows (its grain, as its file in sql/views/ declares it) and whether its rows are stored. Written by every build.';
comment on column _view.view_name is 'The view''s name (duckdb_views().view_name).';
comment on column _view.grain is 'The columns whose values identify a row of the view, in the order its file declares them; the build checks they do.';
comment on column _view.is_stored is 'True when the build computes the view''s rows once into the table _stored_<view_name> and the view selects them (-- stored: in its file).';
