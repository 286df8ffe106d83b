-- Named reconciliation policies: how `reconciled` chooses the value to use among claims of
-- one figure.
create table policy (
    policy_id               varchar primary key check (regexp_full_match(policy_id, '[a-z][a-z0-9_]*')),
    label                   varchar not null,
    description             varchar not null,
    is_default              boolean not null,
    prefer_own_publication  boolean not null,
    prefer_latest           boolean not null
);

create table policy_source_rank (
    policy_id    varchar not null references policy (policy_id),
    source_kind  varchar not null check (source_kind in (
                     'government', 'us_department_of_state', 'us_embassy', 'media', 'ngo',
                     'intergovernmental', 'observers', 'official')),
    rank         integer not null check (rank >= 1),
    primary key (policy_id, source_kind)
);

comment on table policy is 'One row per named reconciliation policy: the rules by which the reconciled view chooses the value to use among the claims of one figure. Exactly one is the default.';
comment on column policy.policy_id is 'Stable name of the policy, as users select it (where policy_id = ...).';
comment on column policy.label is 'Short human-readable name of the policy.';
comment on column policy.description is 'What the policy prefers, in order, and why one would choose it.';
comment on column policy.is_default is 'True for the policy the reconciled view uses.';
comment on column policy.prefer_own_publication is 'First rule: prefer a figure published by its own originator (the government''s figure in the government''s report, the State Department''s in a TIP Report, the embassy''s in its cable) over the same originator''s figure relayed by another publisher.';
comment on column policy.prefer_latest is 'Then prefer the most recently published document (true) or the earliest (false).';

comment on table policy_source_rank is 'One row per policy and originator kind the policy ranks: a lower rank is preferred. Kinds a policy does not list rank after those it lists.';
comment on column policy_source_rank.policy_id is 'The policy.';
comment on column policy_source_rank.source_kind is 'An originator kind (as in source.kind).';
comment on column policy_source_rank.rank is 'Preference of this kind under the policy: 1 is preferred most.';
