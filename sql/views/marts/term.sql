-- One row per code a table or view shows a reader (a verdict, a kind of conflict, a
-- consistency result, a caveat, a coverage state, a curator's judgement, a qualifier, a
-- breakdown's dimension, a kind of document, source or period): its plain label and what it
-- means in a sentence a reporter can repeat. The evidence site shows every code through its
-- label and explains every badge with it (its glossary page is this view); a check
-- (assert_codes_have_terms) fails the build when a view shows a code this view does not name.
--
-- grain: field, code
--
-- columns:
--   field: Where the code is shown: a column (conflict_kind, verdict, coverage, result, sum_kind, judgement, qualifier, period_basis, report_kind, source_kind, pillar, dimension, basis) or caveat (the badges a value carries).
--   code: The code as the database stores it.
--   label: Its plain label, as a page shows it.
--   explanation: What it means, in one or two sentences.
--   sort_order: Order of the codes within their field (the glossary's order).
select field, code, label, explanation, sort_order
from (
    values
    ('caveat', 'derived', 'derived', 'No document states this value: it is computed from figures that are stated (e.g. the sum of a breakdown). The parts it comes from are named beside it.', 1),
    ('caveat', 'relayed', 'relayed', 'The document repeats another originator''s figure (e.g. a TIP Report quoting the government). The figure is the originator''s; the relaying publisher is not a second source.', 2),
    ('caveat', 'restated', 'restated', 'The document repeats a figure first stated in another claim: a restatement, not a second source.', 3),
    ('caveat', 'bound', 'bound', 'The document gives a bound, not an exact number ("at least", "more than", "at most"), or a range: quote it as the document words it.', 4),
    ('caveat', 'low', 'low confidence', 'The curators could not read the value with certainty (e.g. a figure taken from a chart in an image); the reason is given with the claim.', 5),
    ('caveat', 'preferred', 'preferred', 'Where the same figure has different values, the curators judged this value the one to use, and say why.', 6),
    ('caveat', 'likely_error', 'likely error', 'The curators judged this value a probable error in its document (e.g. a typo contradicted by the same document), and say why. It is kept, never corrected.', 7),
    ('caveat', 'disputed', 'disputed', 'Other claims give this figure a different value: see them beside it and on the conflicts page.', 8),
    ('caveat', 'not_reported', 'not reported', 'An originator said it did not report this figure, or a document covering the year says it was not reported. Not reported is not zero.', 9),
    ('verdict', 'one_figure', 'one figure', 'One document gives a value for the year, and no other document gives another.', 1),
    ('verdict', 'agree', 'sources agree', 'Several statements give the year the same value.', 2),
    ('verdict', 'differ_within_originator', 'differ within one originator', 'Different values that are all one originator''s own figures (e.g. the government''s count relayed twice): a discrepancy in that originator''s statistics, not a disagreement between sources.', 3),
    ('verdict', 'differ_between_originators', 'originators disagree', 'Different originators give different values for the year.', 4),
    ('verdict', 'differ_in_period', 'different kinds of period', 'The values differ only because one is for a calendar year and another for a TIP reporting period (April to March).', 5),
    ('verdict', 'not_reported', 'not reported', 'No value: an originator said it did not report the figure for the year. Not the same as zero.', 6),
    ('verdict', 'no_figure', 'no figure', 'A document covers the year but gives no value for this indicator.', 7),
    ('verdict', 'no_document', 'no document', 'No document in tiplake covers the year.', 8),
    ('coverage', 'stated_total', 'stated', 'A document states the figure for the year.', 1),
    ('coverage', 'derived_total', 'derived from parts', 'No document states the figure, but it can be computed from a complete breakdown a document gives.', 2),
    ('coverage', 'breakdown_only', 'parts only', 'A document gives parts of the figure (e.g. by sex or form of exploitation) but no total.', 3),
    ('coverage', 'not_reported', 'not reported', 'An originator said it did not report the figure for the year.', 4),
    ('coverage', 'no_figure', 'no figure', 'A document covers the year but gives no value for this indicator.', 5),
    ('coverage', 'no_document', 'no document', 'No document in tiplake covers the year.', 6),
    ('conflict_kind', 'different_periods', 'different periods', 'A count for a longer period is smaller than a count for a period inside it: they cannot both be right as stated.', 1),
    ('conflict_kind', 'different_definitions', 'different definitions', 'Related but differently defined counts (e.g. crimes registered and cases investigated) give different values: two counts, not a contradiction.', 2),
    ('conflict_kind', 'different_breakdowns', 'different breakdowns', 'Two complete breakdowns of one figure give different parts, even where their totals agree.', 3),
    ('conflict_kind', 'restatement_changed', 'restatement changed', 'A later statement of a figure gives another value than the one it restates.', 4),
    ('conflict_kind', 'derived_vs_stated', 'derived against stated', 'A value computed from a breakdown differs from the value a document states.', 5),
    ('conflict_kind', 'between_originators', 'originators disagree', 'Different originators give the figure different values.', 6),
    ('conflict_kind', 'within_originator', 'within one originator', 'Values that are all one originator''s own figures differ: a discrepancy inside that originator''s statistics, not a disagreement between sources.', 7),
    ('conflict_kind', 'between_editions', 'between editions', 'Editions of one publisher give one originator''s figure different values.', 8),
    ('conflict_kind', 'between_publications', 'between publishers', 'Different publishers relay one originator''s figure with different values.', 9),
    ('conflict_kind', 'within_report', 'within one document', 'One document gives the figure different values.', 10),
    ('result', 'adds_up', 'adds up', 'The parts add up to the total.', 1),
    ('result', 'partial_within_total', 'parts within the total', 'The document gives only some of the parts, and they do not exceed the total.', 2),
    ('result', 'parts_exceed_total', 'parts exceed the total', 'The parts add up to more than the total: the document is inconsistent as stated.', 3),
    ('result', 'parts_fall_short', 'parts fall short', 'A complete set of parts adds up to less than the total: the document is inconsistent as stated.', 4),
    ('result', 'no_stated_total', 'no stated total', 'Nothing to check: the document gives the parts but no total (tiplake derives one from them).', 5),
    ('result', 'total_not_reported', 'total not reported', 'The total is said not to be reported: nothing to check.', 6),
    ('result', 'parts_not_all_given', 'a part not given', 'A complete breakdown has a part without a value: the sum cannot be checked.', 7),
    ('result', 'not_exact', 'not exact', 'A bound, range or approximate figure among the total and parts: the sum cannot be checked exactly.', 8),
    ('sum_kind', 'breakdown', 'breakdown', 'The parts are the figure split by one dimension (e.g. by sex).', 1),
    ('sum_kind', 'across_indicators', 'across indicators', 'The parts are other indicators that the document says make up the total (e.g. cases sent to court and cases still under investigation make the cases opened).', 2),
    ('judgement', 'preferred', 'preferred', 'The curators judged this value the one to use where values differ, and say why.', 1),
    ('judgement', 'likely_error', 'likely error', 'The curators judged this value a probable error in its document, and say why. It is kept, never corrected.', 2),
    ('qualifier', 'exact', 'exact', 'The document gives the number as it is.', 1),
    ('qualifier', 'approximate', 'approximately', 'The document says "about", "approximately" or "nearly".', 2),
    ('qualifier', 'at_least', 'at least', 'A lower bound: the real number may be higher.', 3),
    ('qualifier', 'more_than', 'more than', 'A lower bound the number exceeds.', 4),
    ('qualifier', 'at_most', 'at most', 'An upper bound: the real number may be lower.', 5),
    ('qualifier', 'range', 'range', 'The document gives a low and a high value.', 6),
    ('qualifier', 'category', 'category', 'Not a number: a category such as a tier placement.', 7),
    ('qualifier', 'period', 'period', 'A length of time (e.g. a sentence in years).', 8),
    ('qualifier', 'not_reported', 'not reported', 'The document says the figure was not reported.', 9),
    ('period_basis', 'calendar_year', 'calendar year', 'The figure is for January to December.', 1),
    ('period_basis', 'reporting_period', 'TIP reporting period', 'The figure is for a TIP Report''s reporting period, April to March, not a calendar year.', 2),
    ('period_basis', 'unstated', 'kind of period not stated', 'The sentence gives a year without saying whether it means the calendar year or a reporting period.', 3),
    ('basis', 'same_source', 'same source', 'Both counts of the ratio come from one document and one originator.', 1),
    ('basis', 'same_originator', 'same originator', 'Both counts of the ratio are one originator''s, from different documents.', 2),
    ('basis', 'mixed_originators', 'mixed originators', 'The ratio divides one originator''s count by another''s (or a collective originator''s counts from different sentences): definitions may differ, read it with care.', 3),
    ('report_kind', 'tip_report', 'TIP Report', 'A country narrative of the U.S. Department of State''s annual Trafficking in Persons Report.', 1),
    ('report_kind', 'government_report', 'government report', 'A report by the government of the country.', 2),
    ('report_kind', 'diplomatic_cable', 'diplomatic cable', 'A U.S. embassy''s cable to the State Department, later made public.', 3),
    ('source_kind', 'government', 'government', 'The government and its bodies.', 1),
    ('source_kind', 'official', 'official', 'A named official or body speaking for itself.', 2),
    ('source_kind', 'us_department_of_state', 'U.S. Department of State', 'The State Department''s own statement or assessment.', 3),
    ('source_kind', 'us_embassy', 'U.S. embassy', 'A U.S. embassy''s own statement or estimate.', 4),
    ('source_kind', 'intergovernmental', 'intergovernmental body', 'An intergovernmental body (e.g. GRETA).', 5),
    ('source_kind', 'ngo', 'NGOs', 'Non-governmental organisations or civil society.', 6),
    ('source_kind', 'media', 'media', 'Media reports.', 7),
    ('source_kind', 'observers', 'observers', 'Unnamed observers.', 8),
    ('pillar', 'prosecution', 'prosecution', 'Investigating, prosecuting and convicting traffickers.', 1),
    ('pillar', 'protection', 'protection', 'Identifying and assisting victims.', 2),
    ('pillar', 'prevention', 'prevention', 'Preventing trafficking.', 3),
    ('pillar', 'legal_framework', 'legal framework', 'Laws and penalties.', 4),
    ('pillar', 'context', 'context', 'Assessments and context, such as the tier placement.', 5),
    ('dimension', 'all', 'all', 'The figure as a whole, without breakdown.', 1),
    ('dimension', 'sex', 'sex', 'Split by sex.', 2),
    ('dimension', 'age_band', 'age', 'Split by age (e.g. children and adults).', 3),
    ('dimension', 'exploitation_form', 'form of exploitation', 'Split by form of exploitation (e.g. sexual, labour).', 4),
    ('dimension', 'citizenship', 'citizenship', 'Split by citizenship (citizens of the country or foreigners).', 5),
    ('dimension', 'origin_iso3', 'country of origin', 'Split by the victims'' country of origin (ISO 3166 code).', 6),
    ('dimension', 'destination_iso3', 'country of destination', 'Split by the country victims were trafficked to (ISO 3166 code).', 7),
    ('dimension', 'category', 'category', 'Split by a category the document names (e.g. the article convicted under).', 8)
) as terms (field, code, label, explanation, sort_order)
