-- The claim tables without foreign keys (issue 19): each foreign key was an ART index over
-- every claim, built at every load (8-14 s at a million claims) and rewritten whole at every
-- checkpoint of a rebuild. What they enforced is audited instead, before anything is
-- published, by the audit of tiplake/checks.py REFERENCES (an anti-join per former key: 0.04 s
-- at 100,000 claims); the primary keys and every CHECK constraint stay. Rows are kept: each
-- table is copied aside, dropped (claim_sum_part first, which referenced claim_sum), created
-- anew and filled again; the comments go with a dropped table, so they are stated again.

create temporary table claim_previous as select * from claim;
create temporary table claim_sum_previous as select * from claim_sum;
create temporary table claim_sum_part_previous as select * from claim_sum_part;
drop table claim_sum_part;
drop table claim_sum;
drop table claim;

create table claim (
    claim_id                 varchar primary key check (regexp_full_match(claim_id, '[a-z0-9]+(-[a-z0-9]+)*:[a-z0-9]+(-[a-z0-9]+)*')),
    report_id                varchar not null,
    source_id                varchar not null,
    indicator_code           varchar not null,
    country_iso3             varchar not null check (regexp_full_match(country_iso3, '[A-Z]{3}')),
    year_from                integer,
    year_to                  integer,
    value                    decimal(20, 4),
    value_low                decimal(20, 4),
    value_high               decimal(20, 4),
    qualifier                varchar not null check (qualifier in (
                                 'exact', 'approximate', 'at_least', 'more_than', 'at_most',
                                 'less_than', 'range', 'not_reported', 'period', 'category')),
    unit                     varchar not null,
    value_category           varchar,
    value_label              varchar,
    value_text               varchar,
    sex                      varchar not null default 'all' check (sex in ('all', 'female', 'male')),
    age_band                 varchar not null default 'all' check (regexp_full_match(age_band, 'all|child|adult|[0-9]+-[0-9]+|[0-9]+_plus')),
    exploitation_form        varchar not null default 'all' check (exploitation_form in ('all', 'sexual', 'labour', 'begging', 'other')),
    citizenship              varchar not null default 'all' check (citizenship in ('all', 'national', 'foreign')),
    destination_iso3         varchar not null default 'all' check (regexp_full_match(destination_iso3, 'all|[A-Z]{3}')),
    origin_iso3              varchar not null default 'all' check (regexp_full_match(origin_iso3, 'all|[A-Z]{3}')),
    category                 varchar not null default 'all' check (regexp_full_match(category, '[a-z0-9]+(-[a-z0-9]+)*')),
    part_of_claim_id         varchar,
    same_amount_as_claim_id  varchar,
    restates_claim_id        varchar,
    restated_source_id       varchar,
    restatement_change       varchar,
    quote                    varchar not null check (length(quote) > 0),
    occurrence               integer not null check (occurrence >= 1),
    quote_start              integer not null check (quote_start >= 0),
    quote_end                integer not null,
    context_before           varchar not null,
    context_after            varchar not null,
    is_low_confidence        boolean not null default false,
    confidence_reason        varchar,
    judgement                varchar check (judgement in ('likely_error', 'preferred')),
    judgement_reason         varchar,
    note                     varchar,
    seed_file                varchar not null,
    check ((year_from is null) = (year_to is null)),
    check (year_from <= year_to),
    check (quote_end > quote_start),
    check (value_low <= value_high),
    check (value >= 0 or indicator_code like '%\_change' escape '\'),
    check (value_low >= 0 or indicator_code like '%\_change' escape '\'),
    check (not is_low_confidence or confidence_reason is not null),
    check ((judgement is null) = (judgement_reason is null)),
    check ((qualifier = 'category') = (value_category is not null)),
    check (case qualifier
        when 'not_reported' then value is null and value_low is null and value_high is null
        when 'period' then value is null and value_low is null and value_high is null and year_from is not null
        when 'category' then value is null and value_low is null and value_high is null
        when 'range' then value is null and value_low is not null and value_high is not null
        when 'at_least' then value is not null and value_low = value and value_high is null
        when 'more_than' then value is not null and value_low = value and value_high is null
        when 'at_most' then value is not null and value_high = value and value_low is null
        when 'less_than' then value is not null and value_high = value and value_low is null
        else value is not null and value_low is null and value_high is null
    end)
);

create table claim_sum (
    sum_id        varchar primary key check (regexp_full_match(sum_id, '[a-z0-9]+(-[a-z0-9]+)*:[a-z0-9]+(-[a-z0-9]+)*')),
    report_id     varchar not null,
    total_claim_id varchar,
    kind          varchar not null check (kind in ('breakdown', 'across_indicators')),
    dimension     varchar,
    is_complete   boolean not null,
    evidence      varchar,
    evidence_start integer,
    evidence_end  integer,
    reason        varchar,
    seed_file     varchar not null,
    check (not is_complete or evidence is not null),
    check (is_complete or reason is not null),
    check ((evidence is null) = (evidence_start is null)),
    check (evidence_end > evidence_start)
);

create table claim_sum_part (
    sum_id        varchar not null,
    claim_id      varchar not null,
    primary key (sum_id, claim_id)
);

insert into claim (claim_id, report_id, source_id, indicator_code, country_iso3, year_from, year_to, value, value_low, value_high, qualifier, unit, value_category, value_label, value_text, sex, age_band, exploitation_form, citizenship, destination_iso3, origin_iso3, category, part_of_claim_id, same_amount_as_claim_id, restates_claim_id, restated_source_id, restatement_change, quote, occurrence, quote_start, quote_end, context_before, context_after, is_low_confidence, confidence_reason, judgement, judgement_reason, note, seed_file)
select claim_id, report_id, source_id, indicator_code, country_iso3, year_from, year_to, value, value_low, value_high, qualifier, unit, value_category, value_label, value_text, sex, age_band, exploitation_form, citizenship, destination_iso3, origin_iso3, category, part_of_claim_id, same_amount_as_claim_id, restates_claim_id, restated_source_id, restatement_change, quote, occurrence, quote_start, quote_end, context_before, context_after, is_low_confidence, confidence_reason, judgement, judgement_reason, note, seed_file from claim_previous;
insert into claim_sum (sum_id, report_id, total_claim_id, kind, dimension, is_complete, evidence, evidence_start, evidence_end, reason, seed_file)
select sum_id, report_id, total_claim_id, kind, dimension, is_complete, evidence, evidence_start, evidence_end, reason, seed_file from claim_sum_previous;
insert into claim_sum_part (sum_id, claim_id)
select sum_id, claim_id from claim_sum_part_previous;
drop table claim_previous;
drop table claim_sum_previous;
drop table claim_sum_part_previous;

comment on table claim is 'One row per curated figure: a value, or a stated absence, read from a verbatim quote of one document, with the originator the document attributes it to, the period it refers to, its unit, qualifier and breakdown.';
comment on column claim.claim_id is 'Stable identifier: <report_id>:<slug>, chosen by the curator and never reused.';
comment on column claim.report_id is 'The document the quote comes from (where the figure was published).';
comment on column claim.source_id is 'Who the document says the figure comes from (e.g. the government, media, the State Department itself). A U.S. report relaying a government figure has report_id of the U.S. report and source_id gov_aze.';
comment on column claim.indicator_code is 'What the figure counts or measures.';
comment on column claim.country_iso3 is 'ISO 3166-1 alpha-3 code of the country the figure is about.';
comment on column claim.year_from is 'First calendar year of the period the figure refers to (not the edition year); null for a timeless fact such as a legal penalty.';
comment on column claim.year_to is 'Last calendar year of the period; equal to year_from for an annual figure; null for a timeless fact.';
comment on column claim.value is 'The figure as stated. Null for ranges (see value_low, value_high), for not_reported and for period claims.';
comment on column claim.value_low is 'Lower bound: the low end of a range, or the bound of at_least / more_than (exclusive for more_than). Null otherwise.';
comment on column claim.value_high is 'Upper bound: the high end of a range, or the bound of at_most / less_than (exclusive for less_than). Null otherwise.';
comment on column claim.qualifier is 'category (the value is a category, value_category: a tier placement), or How the figure is stated: exact, approximate, at_least, more_than, at_most, less_than, range, not_reported (the document says the figure was not reported: an absence, not a zero) or period (the fact is the period itself, e.g. an action plan''s years).';
comment on column claim.unit is 'Unit of the figure: a count noun, an ISO 4217 currency code, a duration, percent or tier.';
comment on column claim.value_label is 'The category as the quote states it, where the figure is a category (e.g. ''Tier 2 Watch List''); null otherwise.';
comment on column claim.value_text is 'The words or digits of the quote the value was read from (e.g. ''Sixty-eight'', ''$88,030''), found by the loader.';
comment on column claim.sex is 'Breakdown by sex: female, male, or all when not broken down.';
comment on column claim.age_band is 'Breakdown by age: child, adult, a band such as 18-25, a band such as 35_plus, or all when not broken down. For a legal penalty, the age of the victim the penalty applies to.';
comment on column claim.exploitation_form is 'Breakdown by form of exploitation: sexual, labour, begging, other, or all when not broken down.';
comment on column claim.citizenship is 'Breakdown by citizenship: national (citizens of the reporting country), foreign, or all when not broken down.';
comment on column claim.destination_iso3 is 'Breakdown by destination country (ISO alpha-3): where victims were taken or exploited (the country itself for internal trafficking), or where persons were found abroad; all when not broken down.';
comment on column claim.origin_iso3 is 'Breakdown by country of origin (the victims'' or persons'' country of citizenship, ISO alpha-3), or all when not broken down.';
comment on column claim.category is 'What exactly is counted within the indicator when the other breakdowns do not say it: the offence or aggravation a penalty applies to, the body that referred victims, the offence of a conviction (a slug such as aggravated or law-enforcement); all when the figure is not so divided.';
comment on column claim.part_of_claim_id is 'The total this figure is a part of: the total of a breakdown (claim_sum) that lists it among its parts; null for a total or an unbroken figure.';
comment on column claim.same_amount_as_claim_id is 'For an amount the document states in two currencies: the claim with the same amount in the other currency (the primary, usually the original currency).';
comment on column claim.quote is 'The verbatim text of the document the figure is read from.';
comment on column claim.occurrence is 'Which occurrence of the quote in the document is meant (1 = first); the loader requires it when the quote occurs more than once.';
comment on column claim.quote_start is 'Offset (in characters, from 0) of the quote''s first character in the document text.';
comment on column claim.quote_end is 'Offset of the character just after the quote in the document text.';
comment on column claim.context_before is 'Up to 120 characters of the document just before the quote.';
comment on column claim.context_after is 'Up to 120 characters of the document just after the quote.';
comment on column claim.is_low_confidence is 'True when the curator could not read the figure with certainty (e.g. chart values); confidence_reason says why.';
comment on column claim.confidence_reason is 'Why the claim is low-confidence; required when is_low_confidence.';
comment on column claim.note is 'The curator''s note: attribution or period choices and anything a reader should know.';
comment on column claim.seed_file is 'The seed file the claim was curated in, relative to the project root.';
comment on column claim.value_category is 'For a figure that is a category (qualifier category: a tier placement), the category (see table category); null otherwise. A category is never a number.';
comment on column claim.restates_claim_id is 'The claim this one repeats: a figure another originator (or this one, elsewhere) stated first, in the corpus. A restatement is never a second, independent source.';
comment on column claim.restated_source_id is 'Whose figure this is, when the document relays it from an originator whose own publication is not in the corpus and source_id is not that originator (e.g. an embassy sentence giving the government''s statistics).';
comment on column claim.restatement_change is 'How the restatement differs from the claim it restates (indicator, period, breakdown or value), in the curator''s words; null when it repeats it exactly.';
comment on column claim.judgement is 'The curator''s judgement of the claim: likely_error (a policy never picks it while another figure exists) or preferred; null when none. A judgement never changes the claim.';
comment on column claim.judgement_reason is 'Why the curator judged so; required with a judgement.';
comment on table claim_sum is 'One row per set of figures the seeds declare add up, in one document: a total (when the document states one) and its parts (claim_sum_part), complete (they cover the whole: evidence quotes the words that say so) or partial (reason says why not). A breakdown''s parts are the total''s indicator broken down; a sum across indicators adds other indicators (cases opened = cases under investigation + cases sent to court).';
comment on column claim_sum.sum_id is 'Stable identifier: <report_id>:<slug>.';
comment on column claim_sum.report_id is 'The document whose figures these are.';
comment on column claim_sum.total_claim_id is 'The claim of the total; null when the document states no total (a view may derive it from complete parts).';
comment on column claim_sum.kind is 'breakdown (the parts are the total''s indicator broken down) or across_indicators (the parts are other indicators).';
comment on column claim_sum.dimension is 'For a breakdown: the breakdown column(s) the parts divide the whole by (e.g. sex+exploitation_form); null across indicators.';
comment on column claim_sum.is_complete is 'True when the parts cover the whole (they sum to the total); false when they cover only some of it (their sum is a lower bound).';
comment on column claim_sum.evidence is 'The words of the document that show the parts are complete (verbatim).';
comment on column claim_sum.evidence_start is 'Offset of the evidence in the document.';
comment on column claim_sum.evidence_end is 'Offset just after the evidence.';
comment on column claim_sum.reason is 'Why the parts do not cover the whole (partial), or anything a reader should know.';
comment on column claim_sum.seed_file is 'The claims file the sum is declared in.';
comment on table claim_sum_part is 'One row per part of a declared sum (claim_sum).';
comment on column claim_sum_part.sum_id is 'The sum.';
comment on column claim_sum_part.claim_id is 'A claim that is one of its parts.';
