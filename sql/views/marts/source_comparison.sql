-- One row per figure, each kind of originator's figures side by side with their reports, and
-- related indicators' figures with the definitional difference: the columns of `figure` under
-- the name earlier releases gave them (query figure, which has more).
--
-- grain: figure_key
--
-- columns:
--   figure_key:
--   country_iso3:
--   indicator_code:
--   year_from:
--   year_to:
--   breakdown:
--   unit:
--   government: The figures the government produced (original_source_id), each with its report in brackets and "relayed by" whoever passes it on when the document is not the government's own.
--   us_department_of_state: The U.S. State Department's own figures (never a government figure it relays), with their reports.
--   us_embassy: The U.S. Embassy's own figures, with their reports; the government figures a cable relays are in government, marked relayed.
--   media: Figures produced by media, with the reports that relay them.
--   ngo: Figures produced by NGOs, with the reports that relay them.
--   other_originators: Figures of other originators, each with its originator and report (and who relays it).
--   n_claims: Number of claims of the figure.
--   n_distinct_values: Number of distinct values given (not reported is not a value).
--   is_agreed: True when every value given is the same one.
--   related_indicator_codes: Indicators declared related to this one.
--   related_figures: Their figures for the same country, period and breakdown. Related, not equal.
--   definition_difference: Why the related indicators' figures need not agree.
select
    figure_key,
    country_iso3,
    indicator_code,
    year_from,
    year_to,
    breakdown,
    unit,
    government,
    us_department_of_state,
    us_embassy,
    media,
    ngo,
    other_originators,
    n_claims,
    n_distinct_values,
    is_agreed,
    related_indicator_codes,
    related_figures,
    definition_difference
from figure
