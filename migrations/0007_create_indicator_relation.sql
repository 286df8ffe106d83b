-- One row per declared relation between two indicators that measure related but differently
-- defined things.
create table indicator_relation (
    indicator_code          varchar not null references indicator (indicator_code),
    related_indicator_code  varchar not null references indicator (indicator_code),
    relation                varchar not null check (relation in ('differently_defined', 'subset_of')),
    reason                  varchar not null check (length(reason) > 0),
    primary key (indicator_code, related_indicator_code),
    check (indicator_code <> related_indicator_code)
);

comment on table indicator_relation is 'One row per declared relation between two indicators that count related but differently defined things (e.g. the government''s persons brought to responsibility and the TIP Report''s defendants prosecuted), with the reason. Views show such figures side by side, never equated.';
comment on column indicator_relation.indicator_code is 'The indicator.';
comment on column indicator_relation.related_indicator_code is 'The related indicator.';
comment on column indicator_relation.relation is 'differently_defined: the two count similar things under different definitions; subset_of: indicator_code counts a subset of what related_indicator_code counts.';
comment on column indicator_relation.reason is 'How the definitions differ, so a reader knows why the figures need not agree.';
