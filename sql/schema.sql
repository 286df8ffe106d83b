-- The tiplake schema, generated from a built database by `make schema`. Do not edit.

-- table _build_input: What the database was built from, for the next rebuild: one row per claims file, and one (input *) for everything else (code, DuckDB version, migrations, SQL, vocabularies, manifest, documents). A rebuild in which only claims files changed starts from this database and redoes the countries those files are about.
--   input VARCHAR: The claims file (e.g. seeds/claims/tip-2018-aze.yaml), or * for every other input.
--   sha256 VARCHAR: The claims file's cache key (its bytes, its report, the vocabularies and the validation code), or a digest of every other input.
CREATE TABLE _build_input (
  "input" TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  CHECK (REGEXP_FULL_MATCH(sha256, '[0-9a-f]{64}'))
);

-- table _meta: One row describing the published database: schema version, the DuckDB version that built it, its storage format, build time and the seeds it was built from.
--   schema_version INTEGER: Highest migration version applied (see schema_migrations).
--   duckdb_version VARCHAR: Version of the DuckDB library that built the file.
--   storage_version VARCHAR: Storage format of the file as DuckDB reports it (v1.0.0+ opens in DuckDB 1.1 and later).
--   built_at TIMESTAMP: When the build finished (UTC).
--   seeds_commit VARCHAR: Git commit of the project checkout the seeds were read from; null outside a git checkout.
--   seeds_are_committed BOOLEAN: False when the seeds had uncommitted changes at build time (the commit alone does not identify them); null outside a git checkout.
--   seeds_sha256 VARCHAR: sha256 over every seed file (path and bytes, in path order): identifies the exact seeds whatever git says.
--   rebuilds INTEGER: 0 when the file was built in full; n when it is the nth rebuild in a row from the previous file (only claims files changed, see _build_input).
CREATE TABLE _meta (
  schema_version INT NOT NULL,
  duckdb_version TEXT NOT NULL,
  storage_version TEXT NOT NULL,
  built_at TIMESTAMP NOT NULL,
  seeds_commit TEXT,
  seeds_are_committed BOOLEAN,
  seeds_sha256 TEXT NOT NULL,
  rebuilds INT DEFAULT (
    0
  ),
  CHECK (REGEXP_FULL_MATCH(seeds_sha256, '[0-9a-f]{64}'))
);

-- table category: One row per value a category unit can take (a tier placement), with its label and its order.
--   category VARCHAR: Code of the category (e.g. tier_2_watch_list).
--   unit VARCHAR: The unit whose values these are (a unit of kind rank, e.g. tier).
--   label VARCHAR: The category as reports write it (e.g. Tier 2 Watch List).
--   rank INTEGER: Order of the category within its unit (1 first, e.g. Tier 1); null when it has no place in the order (a label that does not say which tier).
--   description VARCHAR: What the category means.
CREATE TABLE category (
  category TEXT PRIMARY KEY,
  unit TEXT NOT NULL,
  "label" TEXT NOT NULL,
  rank INT,
  description TEXT NOT NULL,
  CHECK (REGEXP_FULL_MATCH(category, '[a-z][a-z0-9_]*')),
  FOREIGN KEY (unit) REFERENCES unit (
    unit
  )
);

-- table claim: One row per curated figure: a value, or a stated absence, read from a verbatim quote of one document, with the originator the document attributes it to, the period it refers to, its unit, qualifier and breakdown.
--   claim_id VARCHAR: Stable identifier: <report_id>:<slug>, chosen by the curator and never reused.
--   report_id VARCHAR: The document the quote comes from (where the figure was published).
--   source_id VARCHAR: Who the document says the figure comes from (e.g. the government, media, the State Department itself). A U.S. report relaying a government figure has report_id of the U.S. report and source_id gov_aze.
--   indicator_code VARCHAR: What the figure counts or measures.
--   country_iso3 VARCHAR: ISO 3166-1 alpha-3 code of the country the figure is about.
--   year_from INTEGER: First calendar year of the period the figure refers to (not the edition year); null for a timeless fact such as a legal penalty.
--   year_to INTEGER: Last calendar year of the period; equal to year_from for an annual figure; null for a timeless fact.
--   value DECIMAL(20,4): The figure as stated. Null for ranges (see value_low, value_high), for not_reported and for period claims.
--   value_low DECIMAL(20,4): Lower bound: the low end of a range, or the bound of at_least / more_than (exclusive for more_than). Null otherwise.
--   value_high DECIMAL(20,4): Upper bound: the high end of a range, or the bound of at_most / less_than (exclusive for less_than). Null otherwise.
--   qualifier VARCHAR: category (the value is a category, value_category: a tier placement), or How the figure is stated: exact, approximate, at_least, more_than, at_most, less_than, range, not_reported (the document says the figure was not reported: an absence, not a zero) or period (the fact is the period itself, e.g. an action plan's years).
--   unit VARCHAR: Unit of the figure: a count noun, an ISO 4217 currency code, a duration, percent or tier.
--   value_category VARCHAR: For a figure that is a category (qualifier category: a tier placement), the category (see table category); null otherwise. A category is never a number.
--   value_label VARCHAR: The category as the quote states it, where the figure is a category (e.g. 'Tier 2 Watch List'); null otherwise.
--   value_text VARCHAR: The words or digits of the quote the value was read from (e.g. 'Sixty-eight', '$88,030'), found by the loader.
--   sex VARCHAR: Breakdown by sex: female, male, or all when not broken down.
--   age_band VARCHAR: Breakdown by age: child, adult, a band such as 18-25, a band such as 35_plus, or all when not broken down. For a legal penalty, the age of the victim the penalty applies to.
--   exploitation_form VARCHAR: Breakdown by form of exploitation: sexual, labour, begging, other, or all when not broken down.
--   citizenship VARCHAR: Breakdown by citizenship: national (citizens of the reporting country), foreign, or all when not broken down.
--   destination_iso3 VARCHAR: Breakdown by destination country (ISO alpha-3): where victims were taken or exploited (the country itself for internal trafficking), or where persons were found abroad; all when not broken down.
--   origin_iso3 VARCHAR: Breakdown by country of origin (the victims' or persons' country of citizenship, ISO alpha-3), or all when not broken down.
--   category VARCHAR: What exactly is counted within the indicator when the other breakdowns do not say it: the offence or aggravation a penalty applies to, the body that referred victims, the offence of a conviction (a slug such as aggravated or law-enforcement); all when the figure is not so divided.
--   part_of_claim_id VARCHAR: The total this figure is a part of: the total of a breakdown (claim_sum) that lists it among its parts; null for a total or an unbroken figure.
--   same_amount_as_claim_id VARCHAR: For an amount the document states in two currencies: the claim with the same amount in the other currency (the primary, usually the original currency).
--   restates_claim_id VARCHAR: The claim this one repeats: a figure another originator (or this one, elsewhere) stated first, in the corpus. A restatement is never a second, independent source.
--   restated_source_id VARCHAR: Whose figure this is, when the document relays it from an originator whose own publication is not in the corpus and source_id is not that originator (e.g. an embassy sentence giving the government's statistics).
--   restatement_change VARCHAR: How the restatement differs from the claim it restates (indicator, period, breakdown or value), in the curator's words; null when it repeats it exactly.
--   quote VARCHAR: The verbatim text of the document the figure is read from.
--   occurrence INTEGER: Which occurrence of the quote in the document is meant (1 = first); the loader requires it when the quote occurs more than once.
--   quote_start INTEGER: Offset (in characters, from 0) of the quote's first character in the document text.
--   quote_end INTEGER: Offset of the character just after the quote in the document text.
--   context_before VARCHAR: Up to 120 characters of the document just before the quote.
--   context_after VARCHAR: Up to 120 characters of the document just after the quote.
--   is_low_confidence BOOLEAN: True when the curator could not read the figure with certainty (e.g. chart values); confidence_reason says why.
--   confidence_reason VARCHAR: Why the claim is low-confidence; required when is_low_confidence.
--   judgement VARCHAR: The curator's judgement of the claim: likely_error (a policy never picks it while another figure exists) or preferred; null when none. A judgement never changes the claim.
--   judgement_reason VARCHAR: Why the curator judged so; required with a judgement.
--   note VARCHAR: The curator's note: attribution or period choices and anything a reader should know.
--   seed_file VARCHAR: The seed file the claim was curated in, relative to the project root.
CREATE TABLE claim (
  claim_id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  indicator_code TEXT NOT NULL,
  country_iso3 TEXT NOT NULL,
  year_from INT,
  year_to INT,
  "value" DECIMAL(20, 4),
  value_low DECIMAL(20, 4),
  value_high DECIMAL(20, 4),
  qualifier TEXT NOT NULL,
  unit TEXT NOT NULL,
  value_category TEXT,
  value_label TEXT,
  value_text TEXT,
  sex TEXT DEFAULT (
    'all'
  ) NOT NULL,
  age_band TEXT DEFAULT (
    'all'
  ) NOT NULL,
  exploitation_form TEXT DEFAULT (
    'all'
  ) NOT NULL,
  citizenship TEXT DEFAULT (
    'all'
  ) NOT NULL,
  destination_iso3 TEXT DEFAULT (
    'all'
  ) NOT NULL,
  origin_iso3 TEXT DEFAULT (
    'all'
  ) NOT NULL,
  category TEXT DEFAULT (
    'all'
  ) NOT NULL,
  part_of_claim_id TEXT,
  same_amount_as_claim_id TEXT,
  restates_claim_id TEXT,
  restated_source_id TEXT,
  restatement_change TEXT,
  "quote" TEXT NOT NULL,
  occurrence INT NOT NULL,
  quote_start INT NOT NULL,
  quote_end INT NOT NULL,
  context_before TEXT NOT NULL,
  context_after TEXT NOT NULL,
  is_low_confidence BOOLEAN DEFAULT (
    FALSE
  ) NOT NULL,
  confidence_reason TEXT,
  judgement TEXT,
  judgement_reason TEXT,
  note TEXT,
  seed_file TEXT NOT NULL,
  CHECK (REGEXP_FULL_MATCH(claim_id, '[a-z0-9]+(-[a-z0-9]+)*:[a-z0-9]+(-[a-z0-9]+)*')),
  FOREIGN KEY (report_id) REFERENCES report (
    report_id
  ),
  FOREIGN KEY (source_id) REFERENCES "source" (
    source_id
  ),
  FOREIGN KEY (indicator_code) REFERENCES indicator (
    indicator_code
  ),
  CHECK (REGEXP_FULL_MATCH(country_iso3, '[A-Z]{3}')),
  FOREIGN KEY (year_from) REFERENCES "year" (
    "year"
  ),
  FOREIGN KEY (year_to) REFERENCES "year" (
    "year"
  ),
  CHECK ((
    qualifier IN (
      'exact',
      'approximate',
      'at_least',
      'more_than',
      'at_most',
      'less_than',
      'range',
      'not_reported',
      'period',
      'category'
    )
  )),
  FOREIGN KEY (unit) REFERENCES unit (
    unit
  ),
  FOREIGN KEY (value_category) REFERENCES category (
    category
  ),
  CHECK ((
    sex IN ('all', 'female', 'male')
  )),
  CHECK (REGEXP_FULL_MATCH(age_band, 'all|child|adult|[0-9]+-[0-9]+|[0-9]+_plus')),
  CHECK ((
    exploitation_form IN ('all', 'sexual', 'labour', 'begging', 'other')
  )),
  CHECK ((
    citizenship IN ('all', 'national', 'foreign')
  )),
  CHECK (REGEXP_FULL_MATCH(destination_iso3, 'all|[A-Z]{3}')),
  CHECK (REGEXP_FULL_MATCH(origin_iso3, 'all|[A-Z]{3}')),
  CHECK (REGEXP_FULL_MATCH(category, '[a-z0-9]+(-[a-z0-9]+)*')),
  FOREIGN KEY (restated_source_id) REFERENCES "source" (
    source_id
  ),
  CHECK ((
    LENGTH("quote") > 0
  )),
  CHECK ((
    occurrence >= 1
  )),
  CHECK ((
    quote_start >= 0
  )),
  CHECK ((
    judgement IN ('likely_error', 'preferred')
  )),
  CHECK ((
    (
      year_from IS NULL
    ) = (
      year_to IS NULL
    )
  )),
  CHECK ((
    year_from <= year_to
  )),
  CHECK ((
    quote_end > quote_start
  )),
  CHECK ((
    value_low <= value_high
  )),
  CHECK ((
    (
      "value" >= 0
    ) OR LIKE_ESCAPE(indicator_code, '%\_change', '\')
  )),
  CHECK ((
    (
      value_low >= 0
    ) OR LIKE_ESCAPE(indicator_code, '%\_change', '\')
  )),
  CHECK ((
    (
      NOT is_low_confidence
    ) OR (
      NOT confidence_reason IS NULL
    )
  )),
  CHECK ((
    (
      judgement IS NULL
    ) = (
      judgement_reason IS NULL
    )
  )),
  CHECK ((
    (
      qualifier = 'category'
    ) = (
      NOT value_category IS NULL
    )
  )),
  CHECK (CASE
    WHEN (
      (
        qualifier = 'not_reported'
      )
    )
    THEN (
      (
        (
          "value" IS NULL
        ) AND (
          value_low IS NULL
        ) AND (
          value_high IS NULL
        )
      )
    )
    WHEN (
      (
        qualifier = 'period'
      )
    )
    THEN (
      (
        (
          "value" IS NULL
        )
        AND (
          value_low IS NULL
        )
        AND (
          value_high IS NULL
        )
        AND (
          NOT year_from IS NULL
        )
      )
    )
    WHEN (
      (
        qualifier = 'category'
      )
    )
    THEN (
      (
        (
          "value" IS NULL
        ) AND (
          value_low IS NULL
        ) AND (
          value_high IS NULL
        )
      )
    )
    WHEN (
      (
        qualifier = 'range'
      )
    )
    THEN (
      (
        (
          "value" IS NULL
        )
        AND (
          NOT value_low IS NULL
        )
        AND (
          NOT value_high IS NULL
        )
      )
    )
    WHEN (
      (
        qualifier = 'at_least'
      )
    )
    THEN (
      (
        (
          NOT "value" IS NULL
        )
        AND (
          value_low = "value"
        )
        AND (
          value_high IS NULL
        )
      )
    )
    WHEN (
      (
        qualifier = 'more_than'
      )
    )
    THEN (
      (
        (
          NOT "value" IS NULL
        )
        AND (
          value_low = "value"
        )
        AND (
          value_high IS NULL
        )
      )
    )
    WHEN (
      (
        qualifier = 'at_most'
      )
    )
    THEN (
      (
        (
          NOT "value" IS NULL
        )
        AND (
          value_high = "value"
        )
        AND (
          value_low IS NULL
        )
      )
    )
    WHEN (
      (
        qualifier = 'less_than'
      )
    )
    THEN (
      (
        (
          NOT "value" IS NULL
        )
        AND (
          value_high = "value"
        )
        AND (
          value_low IS NULL
        )
      )
    )
    ELSE (
      (
        NOT "value" IS NULL
      ) AND (
        value_low IS NULL
      ) AND (
        value_high IS NULL
      )
    )
  END)
);

-- table claim_sum: One row per set of figures the seeds declare add up, in one document: a total (when the document states one) and its parts (claim_sum_part), complete (they cover the whole: evidence quotes the words that say so) or partial (reason says why not). A breakdown's parts are the total's indicator broken down; a sum across indicators adds other indicators (cases opened = cases under investigation + cases sent to court).
--   sum_id VARCHAR: Stable identifier: <report_id>:<slug>.
--   report_id VARCHAR: The document whose figures these are.
--   total_claim_id VARCHAR: The claim of the total; null when the document states no total (a view may derive it from complete parts).
--   kind VARCHAR: breakdown (the parts are the total's indicator broken down) or across_indicators (the parts are other indicators).
--   dimension VARCHAR: For a breakdown: the breakdown column(s) the parts divide the whole by (e.g. sex+exploitation_form); null across indicators.
--   is_complete BOOLEAN: True when the parts cover the whole (they sum to the total); false when they cover only some of it (their sum is a lower bound).
--   evidence VARCHAR: The words of the document that show the parts are complete (verbatim).
--   evidence_start INTEGER: Offset of the evidence in the document.
--   evidence_end INTEGER: Offset just after the evidence.
--   reason VARCHAR: Why the parts do not cover the whole (partial), or anything a reader should know.
--   seed_file VARCHAR: The claims file the sum is declared in.
CREATE TABLE claim_sum (
  sum_id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL,
  total_claim_id TEXT,
  kind TEXT NOT NULL,
  dimension TEXT,
  is_complete BOOLEAN NOT NULL,
  evidence TEXT,
  evidence_start INT,
  evidence_end INT,
  reason TEXT,
  seed_file TEXT NOT NULL,
  CHECK (REGEXP_FULL_MATCH(sum_id, '[a-z0-9]+(-[a-z0-9]+)*:[a-z0-9]+(-[a-z0-9]+)*')),
  FOREIGN KEY (report_id) REFERENCES report (
    report_id
  ),
  CHECK ((
    kind IN ('breakdown', 'across_indicators')
  )),
  CHECK ((
    (
      NOT is_complete
    ) OR (
      NOT evidence IS NULL
    )
  )),
  CHECK ((
    is_complete OR (
      NOT reason IS NULL
    )
  )),
  CHECK ((
    (
      evidence IS NULL
    ) = (
      evidence_start IS NULL
    )
  )),
  CHECK ((
    evidence_end > evidence_start
  ))
);

-- table claim_sum_part: One row per part of a declared sum (claim_sum).
--   sum_id VARCHAR: The sum.
--   claim_id VARCHAR: A claim that is one of its parts.
CREATE TABLE claim_sum_part (
  sum_id TEXT,
  claim_id TEXT,
  FOREIGN KEY (sum_id) REFERENCES claim_sum (
    sum_id
  ),
  PRIMARY KEY (sum_id, claim_id)
);

-- table indicator: One row per indicator: what a figure counts or measures, with its written definition and international equivalents.
--   indicator_code VARCHAR: Stable code of the indicator (e.g. victims_identified, persons_convicted).
--   label VARCHAR: Human-readable name of the indicator.
--   unit VARCHAR: Default unit of the indicator's figures (a claim may state another, e.g. a currency).
--   pillar VARCHAR: Area of anti-trafficking work: prosecution, protection, prevention, legal_framework or context.
--   definition VARCHAR: Written definition: what is counted, and how it differs from similar indicators.
--   unodc_equivalent VARCHAR: The equivalent indicator of the UNODC Global Report on Trafficking in Persons, where one exists.
--   sdg_equivalent VARCHAR: The equivalent SDG indicator (e.g. 16.2.2), where one exists.
--   allows_future_period BOOLEAN: True for indicators whose period may end after the document was published (action plans).
CREATE TABLE indicator (
  indicator_code TEXT PRIMARY KEY,
  "label" TEXT NOT NULL,
  unit TEXT NOT NULL,
  pillar TEXT NOT NULL,
  definition TEXT NOT NULL,
  unodc_equivalent TEXT,
  sdg_equivalent TEXT,
  allows_future_period BOOLEAN DEFAULT (
    FALSE
  ) NOT NULL,
  CHECK (REGEXP_FULL_MATCH(indicator_code, '[a-z][a-z0-9_]*')),
  CHECK ((
    pillar IN ('prosecution', 'protection', 'prevention', 'legal_framework', 'context')
  ))
);

-- table indicator_relation: One row per declared relation between two indicators that count related but differently defined things (e.g. the government's persons brought to responsibility and the TIP Report's defendants prosecuted), with the reason. Views show such figures side by side, never equated.
--   indicator_code VARCHAR: The indicator.
--   related_indicator_code VARCHAR: The related indicator.
--   relation VARCHAR: differently_defined: the two count similar things under different definitions; subset_of: indicator_code counts a subset of what related_indicator_code counts.
--   reason VARCHAR: How the definitions differ, so a reader knows why the figures need not agree.
CREATE TABLE indicator_relation (
  indicator_code TEXT,
  related_indicator_code TEXT,
  relation TEXT NOT NULL,
  reason TEXT NOT NULL,
  FOREIGN KEY (indicator_code) REFERENCES indicator (
    indicator_code
  ),
  FOREIGN KEY (related_indicator_code) REFERENCES indicator (
    indicator_code
  ),
  CHECK ((
    relation IN ('differently_defined', 'subset_of')
  )),
  CHECK ((
    LENGTH(reason) > 0
  )),
  PRIMARY KEY (indicator_code, related_indicator_code),
  CHECK ((
    indicator_code <> related_indicator_code
  ))
);

-- table policy: One row per named reconciliation policy: the rules by which the reconciled view chooses the value to use among the claims of one figure. Exactly one is the default.
--   policy_id VARCHAR: Stable name of the policy, as users select it (where policy_id = ...).
--   label VARCHAR: Short human-readable name of the policy.
--   description VARCHAR: What the policy prefers, in order, and why one would choose it.
--   is_default BOOLEAN: True for the policy the reconciled view uses.
--   prefer_own_publication BOOLEAN: First rule: prefer a figure published by its own originator (the government's figure in the government's report, the State Department's in a TIP Report, the embassy's in its cable) over the same originator's figure relayed by another publisher.
--   prefer_latest BOOLEAN: Then prefer the most recently published document (true) or the earliest (false).
CREATE TABLE "policy" (
  policy_id TEXT PRIMARY KEY,
  "label" TEXT NOT NULL,
  description TEXT NOT NULL,
  is_default BOOLEAN NOT NULL,
  prefer_own_publication BOOLEAN NOT NULL,
  prefer_latest BOOLEAN NOT NULL,
  CHECK (REGEXP_FULL_MATCH(policy_id, '[a-z][a-z0-9_]*'))
);

-- table policy_source_rank: One row per policy and originator kind the policy ranks: a lower rank is preferred. Kinds a policy does not list rank after those it lists.
--   policy_id VARCHAR: The policy.
--   source_kind VARCHAR: An originator kind (as in source.kind).
--   rank INTEGER: Preference of this kind under the policy: 1 is preferred most.
CREATE TABLE policy_source_rank (
  policy_id TEXT,
  source_kind TEXT,
  rank INT NOT NULL,
  FOREIGN KEY (policy_id) REFERENCES "policy" (
    policy_id
  ),
  CHECK ((
    source_kind IN (
      'government',
      'us_department_of_state',
      'us_embassy',
      'media',
      'ngo',
      'intergovernmental',
      'observers',
      'official'
    )
  )),
  CHECK ((
    rank >= 1
  )),
  PRIMARY KEY (policy_id, source_kind)
);

-- table report: One row per source document (report, cable) in the corpus, with its provenance and the sha256 of the vendored file.
--   report_id VARCHAR: Stable identifier of the document, as in the corpus manifest (e.g. tip-2025-aze).
--   title VARCHAR: Title of the document.
--   kind VARCHAR: Kind of document: tip_report (U.S. State Department TIP Report country narrative), government_report (a national government's own report), diplomatic_cable.
--   publisher VARCHAR: Who published or sent the document.
--   published_year INTEGER: Year the document was published (for a cable, the year it was created).
--   published_on DATE: Exact publication (or creation) date where known; null when only the year is known.
--   released_on DATE: Date a non-public document was released publicly (cables); null otherwise.
--   period_start_on DATE: First day of the period the document reports on (for a TIP report, its reporting period).
--   period_end_on DATE: Last day of the period the document reports on.
--   country_iso3 VARCHAR: ISO 3166-1 alpha-3 code of the country the document is about.
--   identifier VARCHAR: The publisher's own identifier or edition name (e.g. 09BAKU141, TIP Report 2018).
--   citation VARCHAR: Full citation of the document.
--   file_path VARCHAR: Path of the vendored text, relative to seeds/documents/.
--   sha256 VARCHAR: SHA-256 of the vendored file; the build refuses a document whose checksum differs.
CREATE TABLE report (
  report_id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  publisher TEXT NOT NULL,
  published_year INT NOT NULL,
  published_on DATE,
  released_on DATE,
  period_start_on DATE,
  period_end_on DATE,
  country_iso3 TEXT NOT NULL,
  identifier TEXT,
  citation TEXT NOT NULL,
  file_path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  CHECK (REGEXP_FULL_MATCH(report_id, '[a-z0-9]+(-[a-z0-9]+)*')),
  CHECK ((
    kind IN ('tip_report', 'government_report', 'diplomatic_cable')
  )),
  CHECK ((
    published_year BETWEEN 1990 AND 2100
  )),
  CHECK ((
    (
      published_on IS NULL
    ) OR (
      YEAR(published_on) = published_year
    )
  )),
  CHECK ((
    (
      period_end_on IS NULL
    ) OR (
      period_start_on <= period_end_on
    )
  )),
  CHECK (REGEXP_FULL_MATCH(country_iso3, '[A-Z]{3}')),
  CHECK (REGEXP_FULL_MATCH(sha256, '[0-9a-f]{64}'))
);

-- table schema_migrations: One row per migration applied to this database: its version, name, the sha256 of its file, and when it was applied.
--   version INTEGER: Number of the migration (the NNNN of its file name).
--   name VARCHAR: Name of the migration (verb_object).
--   checksum VARCHAR: sha256 of the migration file as applied; a changed file is an error.
--   applied_at TIMESTAMP: When the migration was applied (UTC).
CREATE TABLE schema_migrations (
  "version" INT PRIMARY KEY,
  "name" TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TIMESTAMP DEFAULT (
    TIMEZONE('UTC', CURRENT_TIMESTAMP)
  ) NOT NULL
);

-- table source: One row per originator a figure is attributed to: who the document says the figure comes from.
--   source_id VARCHAR: Stable identifier of the originator (e.g. gov_aze, us_dos, media).
--   name VARCHAR: Name of the originator.
--   kind VARCHAR: Kind of originator: government, us_department_of_state, us_embassy, media, ngo, intergovernmental, observers (unnamed observers), official (a named official speaking for themself).
--   description VARCHAR: Who this originator is and when a figure is attributed to it.
CREATE TABLE "source" (
  source_id TEXT PRIMARY KEY,
  "name" TEXT NOT NULL,
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  CHECK (REGEXP_FULL_MATCH(source_id, '[a-z][a-z0-9_]*')),
  CHECK ((
    kind IN (
      'government',
      'us_department_of_state',
      'us_embassy',
      'media',
      'ngo',
      'intergovernmental',
      'observers',
      'official'
    )
  ))
);

-- table unit: One row per unit a figure can be stated in: counts, currencies (ISO 4217), durations, percentages, ranks.
--   unit VARCHAR: Code of the unit: a count noun (persons, cases), an ISO 4217 currency code (AZN, USD), a duration (years, months, hours), percent or tier.
--   kind VARCHAR: Kind of unit: count, currency, duration, percent or rank.
--   label VARCHAR: Human-readable description of the unit.
CREATE TABLE unit (
  unit TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  "label" TEXT NOT NULL,
  CHECK (REGEXP_FULL_MATCH(unit, '[A-Za-z][A-Za-z0-9_]*')),
  CHECK ((
    kind IN ('count', 'currency', 'duration', 'percent', 'rank')
  ))
);

-- table year: One row per calendar year the database covers, from the earliest year a claim or report refers to through the latest; a dimension for coverage views.
--   year INTEGER: Calendar year.
--   is_in_claims BOOLEAN: True when at least one claim's period includes this year.
CREATE TABLE "year" (
  "year" INT PRIMARY KEY,
  is_in_claims BOOLEAN NOT NULL,
  CHECK ((
    "year" BETWEEN 1990 AND 2100
  ))
);

-- view claim_detail: One row per claim, with the labels of its report, originator and indicator beside it, so a figure can be read and cited without joins.
--   claim_id VARCHAR: Stable identifier of the claim (<report_id>:<slug>).
--   report_id VARCHAR: The document the quote comes from.
--   report_title VARCHAR: Title of that document.
--   report_kind VARCHAR: Kind of that document (tip_report, government_report, diplomatic_cable).
--   report_published_year INTEGER: Year that document was published.
--   source_id VARCHAR: Who the document says the figure comes from.
--   source_name VARCHAR: Name of that originator.
--   source_kind VARCHAR: Kind of originator (government, us_department_of_state, us_embassy, media, ngo, intergovernmental, observers, official).
--   indicator_code VARCHAR: What the figure counts or measures.
--   indicator_label VARCHAR: Human-readable name of the indicator.
--   pillar VARCHAR: Area of work of the indicator (prosecution, protection, prevention, legal_framework, context).
--   country_iso3 VARCHAR: ISO alpha-3 code of the country the figure is about.
--   year_from INTEGER: First calendar year the figure refers to; null for a timeless fact.
--   year_to INTEGER: Last calendar year the figure refers to; equal to year_from for an annual figure.
--   value DECIMAL(20,4): The figure as stated; null for ranges, not_reported and period claims.
--   value_low DECIMAL(20,4): Lower bound (range, at_least, more_than); null otherwise.
--   value_high DECIMAL(20,4): Upper bound (range, at_most, less_than); null otherwise.
--   qualifier VARCHAR: exact, approximate, at_least, more_than, at_most, less_than, range, not_reported or period.
--   is_reported BOOLEAN: False when the claim records that the figure was not reported (an absence, not a zero).
--   unit VARCHAR: Unit of the figure (a count noun, an ISO 4217 currency, a duration, percent, tier).
--   value_label VARCHAR: The category as stated (e.g. Tier 2 Watch List), where the figure is one.
--   value_text VARCHAR: The words or digits of the quote the value was read from.
--   sex VARCHAR: Breakdown by sex, or all.
--   age_band VARCHAR: Breakdown by age band, or all.
--   exploitation_form VARCHAR: Breakdown by form of exploitation, or all.
--   citizenship VARCHAR: Breakdown by citizenship, or all.
--   destination_iso3 VARCHAR: Breakdown by destination country, or all.
--   origin_iso3 VARCHAR: Breakdown by country of origin (citizenship), or all.
--   category VARCHAR: What exactly is counted within the indicator (an offence, an aggravation, a referring body), or all.
--   is_breakdown BOOLEAN: True when the claim is a part of another claim (its total).
--   part_of_claim_id VARCHAR: The total this claim is a part of, if any.
--   same_amount_as_claim_id VARCHAR: The same amount in another currency, if any.
--   quote VARCHAR: The verbatim text the figure is read from.
--   quote_start INTEGER: Character offset of the quote in the document.
--   quote_end INTEGER: Character offset just after the quote.
--   context_before VARCHAR: Document text just before the quote.
--   context_after VARCHAR: Document text just after the quote.
--   is_low_confidence BOOLEAN: True when the curator could not read the figure with certainty.
--   confidence_reason VARCHAR: Why the claim is low-confidence.
--   note VARCHAR: The curator's note.
-- (defined in sql/views/claim_detail.sql)

-- view claim_figure: One row per claim, with what the reconciliation views compare: the figure it belongs to (country, indicator, period, breakdown, unit), its value as display text, its originator's kind, its publisher and whether the originator published it itself.
--   claim_id VARCHAR: Stable identifier of the claim.
--   report_id VARCHAR: The document the claim's quote comes from.
--   report_kind VARCHAR: Kind of that document (tip_report, government_report, diplomatic_cable).
--   publisher VARCHAR: Who published that document.
--   published_year INTEGER: Year that document was published.
--   source_id VARCHAR: Who the document says the figure comes from.
--   source_kind VARCHAR: Kind of that originator.
--   is_own_publication BOOLEAN: True when the originator published the figure itself (a government figure in the government's report, a State Department figure in a TIP Report, an embassy figure in its cable); false when relayed by another publisher.
--   indicator_code VARCHAR: What the figure counts.
--   country_iso3 VARCHAR: Country the figure is about.
--   year_from INTEGER: First year of the period the figure refers to; null for timeless facts.
--   year_to INTEGER: Last year of that period.
--   sex VARCHAR: Breakdown by sex, or all.
--   age_band VARCHAR: Breakdown by age band, or all.
--   exploitation_form VARCHAR: Breakdown by form of exploitation, or all.
--   citizenship VARCHAR: Breakdown by citizenship, or all.
--   destination_iso3 VARCHAR: Breakdown by destination country, or all.
--   origin_iso3 VARCHAR: Breakdown by country of origin, or all.
--   category VARCHAR: What exactly is counted within the indicator (an offence, an aggravation, a referring body), or all.
--   breakdown VARCHAR: The non-'all' breakdowns and category as text (e.g. sex=female, exploitation_form=sexual), or all.
--   unit VARCHAR: Unit of the figure.
--   figure_key VARCHAR: One text naming the figure the claim is about: country, indicator, period, breakdown and unit. Claims with the same figure_key are about the same figure.
--   qualifier VARCHAR: How the figure is stated (exact, approximate, at_least, ..., not_reported, period).
--   is_reported BOOLEAN: False for not_reported claims (an absence) and period claims (no value).
--   value DECIMAL(20,4): The stated value (null for ranges, not_reported and period claims).
--   value_low DECIMAL(20,4): Lower bound, where stated.
--   value_high DECIMAL(20,4): Upper bound, where stated.
--   value_key VARCHAR: The claim's value as comparable text: the value, or low-high for a range; null when not reported. Two claims of one figure disagree when their value_key differ.
--   figure_text VARCHAR: The figure as a reader would say it: 91, about 700, at least 36, up to 50, 5-10, not reported.
--   part_of_claim_id VARCHAR: The total this claim is a part of, if any.
--   same_amount_as_claim_id VARCHAR: The same amount in another currency, if any.
--   is_low_confidence BOOLEAN: True when the curator could not read the figure with certainty.
--   quote VARCHAR: The verbatim quote.
-- (defined in sql/views/claim_figure.sql)

-- view conflict: One row per disagreement the corpus holds: a figure (country, indicator, period, breakdown and unit) with more than one distinct value, classified within_report (one document gives two values), between_editions (editions of one publisher, one originator), between_publications (one originator's figure as published by different publishers) or between_originators; plus different_definitions (two related indicators, e.g. crimes registered and cases investigated, give different values for the same country, period and breakdown) and different_periods (a count for a longer period is smaller than a count for a period inside it). All values are kept; this view only shows them together.
--   conflict_kind VARCHAR: within_report, between_editions, between_publications, between_originators, different_definitions or different_periods.
--   figure_key VARCHAR: The figure in disagreement (for different_definitions and different_periods, the first of the two).
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the figure counts.
--   related_indicator_code VARCHAR: For different_definitions, the other indicator; for different_periods, the same indicator; null otherwise.
--   year_from INTEGER: First year of the figure's period.
--   year_to INTEGER: Last year of the figure's period.
--   breakdown VARCHAR: The figure's breakdown as text, or all.
--   unit VARCHAR: Unit of the figure.
--   n_values BIGINT: Number of distinct values in disagreement.
--   figures VARCHAR: Every value with its originator and report (and indicator or period where they differ).
--   claim_ids VARCHAR: The claims in disagreement, comma-separated.
--   report_ids VARCHAR: The reports they come from, comma-separated.
--   explanation VARCHAR: What the disagreement is, and for different definitions the declared reason.
-- (defined in sql/views/conflict.sql)

-- view consistency_check: One row per total and breakdown dimension that has parts: the total, the sum of its parts, the number of parts and a status. parts_add_up: the parts sum to the total; parts_exceed_total: they sum to more; parts_fall_short: two or more exact parts sum to less; parts_incomplete: a lone part ("including one child") or a part or total that is not an exact value, so the sum cannot be checked. Nothing is corrected: a mismatch is shown.
--   total_claim_id VARCHAR: The claim of the total.
--   report_id VARCHAR: The document of the total and its parts.
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the total counts.
--   year_from INTEGER: First year of the total's period.
--   year_to INTEGER: Last year of the total's period.
--   total_breakdown VARCHAR: The total's own breakdown, or all.
--   dimension VARCHAR: The breakdown dimension(s) the parts add to the total (e.g. destination_iso3, or sex+exploitation_form).
--   total_value DECIMAL(20,4): The total's value.
--   parts_sum DECIMAL(38,4): The sum of the parts' values.
--   n_parts BIGINT: Number of parts in this dimension.
--   parts VARCHAR: Each part with its breakdown and value.
--   difference DECIMAL(38,4): parts_sum minus total_value.
--   status VARCHAR: parts_add_up, parts_exceed_total, parts_fall_short or parts_incomplete.
-- (defined in sql/views/consistency_check.sql)

-- view exchange_rate: One row per amount a document states in two currencies (one of them U.S. dollars): the exchange rate the pair implies, with the claims and report it comes from.
--   claim_id VARCHAR: The claim with the amount in the other currency (e.g. manat).
--   usd_claim_id VARCHAR: The claim with the same amount in U.S. dollars.
--   report_id VARCHAR: The document that states both amounts.
--   country_iso3 VARCHAR: Country the amount is about.
--   indicator_code VARCHAR: What the amount is (e.g. victim_assistance_funding).
--   year_from INTEGER: First year of the amount's period.
--   year_to INTEGER: Last year of the amount's period.
--   currency VARCHAR: ISO 4217 code of the other currency.
--   amount DECIMAL(20,4): The amount in that currency.
--   amount_usd DECIMAL(20,4): The amount in U.S. dollars.
--   usd_per_unit DOUBLE: U.S. dollars per unit of the currency the pair implies (amount_usd / amount), as stated by the document, not a market rate.
-- (defined in sql/views/exchange_rate.sql)

-- view figure: One row per figure: a country, indicator, period, breakdown and unit that one or more claims give a value for (or say was not reported), with how many claims, values and independent originators it has. Period-only claims (action plans) are not figures. The reconciliation views start from here.
--   figure_key VARCHAR: The figure: country, indicator, period, breakdown and unit, as one text.
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the figure counts.
--   year_from INTEGER: First year of the figure's period; null for timeless facts.
--   year_to INTEGER: Last year of the figure's period.
--   breakdown VARCHAR: The figure's breakdown as text, or all.
--   sex VARCHAR: Breakdown by sex, or all.
--   age_band VARCHAR: Breakdown by age band, or all.
--   exploitation_form VARCHAR: Breakdown by form of exploitation, or all.
--   citizenship VARCHAR: Breakdown by citizenship, or all.
--   destination_iso3 VARCHAR: Breakdown by destination country, or all.
--   origin_iso3 VARCHAR: Breakdown by country of origin, or all.
--   category VARCHAR: What exactly is counted within the indicator, or all.
--   unit VARCHAR: Unit of the figure.
--   n_claims BIGINT: Number of claims of the figure, not_reported ones included.
--   n_reported_claims BIGINT: Number of claims that give a value.
--   n_reports BIGINT: Number of documents with a claim of the figure.
--   n_publishers BIGINT: Number of publishers of those documents.
--   n_independent_originators BIGINT: Number of distinct originators among the claims that give a value. A U.S. report relaying a government figure is the government's figure: it counts once, as the government.
--   n_distinct_values BIGINT: Number of distinct values the claims give (not reported is not a value).
--   lowest_value DECIMAL(20,4): Lowest value (or lower bound) any claim gives.
--   highest_value DECIMAL(20,4): Highest value (or upper bound) any claim gives.
--   not_reported_by VARCHAR: Originators and documents that say the figure was not reported, if any.
-- (defined in sql/views/figure.sql)

-- view indicator_coverage: One row per indicator and calendar year the database covers: how many annual claims give a figure for that year, which reports and originators give it, and which say it was not reported, so gaps are visible. Claims for a span of years (cumulative totals) are counted apart, in n_multi_year_claims; timeless claims (legal penalties) have no year.
--   indicator_code VARCHAR: The indicator.
--   pillar VARCHAR: Its area of work.
--   year INTEGER: The calendar year.
--   n_claims BIGINT: Number of claims about exactly this year (any breakdown).
--   n_reported_claims BIGINT: Of those, the number that give a value.
--   n_not_reported_claims BIGINT: Of those, the number that say the figure was not reported.
--   n_multi_year_claims BIGINT: Number of claims whose multi-year period includes this year.
--   reports VARCHAR: The documents giving a figure for this year.
--   originators VARCHAR: The originators giving a figure for this year.
--   not_reported_by VARCHAR: The originators and documents that say the figure was not reported for this year.
--   status VARCHAR: figure (some claim gives a value), not_reported_only (only claims of absence), period_only (only multi-year claims cover it) or gap (nothing).
-- (defined in sql/views/indicator_coverage.sql)

-- view justice_funnel: One row per country, year and originator (and one row per country and year with the reconciled values, originator 'reconciled'): victims identified beside cases investigated, persons prosecuted, persons charged and persons convicted, so "victims identified versus traffickers convicted" is one select. Annual figures without breakdown only; where an originator's figure appears in several documents, the latest document's is used. Absent figures are null (not zero); a not_reported claim is not a value.
--   country_iso3 VARCHAR: Country the figures are about.
--   year INTEGER: Calendar year the figures refer to.
--   originator VARCHAR: The originator (source_id), or 'reconciled' for the values the default policy chooses.
--   originator_kind VARCHAR: Kind of the originator, or 'reconciled'.
--   victims_identified DECIMAL(20,4): Victims identified in the year.
--   cases_investigated DECIMAL(20,4): Cases investigated in the year.
--   persons_prosecuted DECIMAL(20,4): Persons prosecuted in the year (TIP Report definition).
--   persons_charged DECIMAL(20,4): Persons brought to responsibility as accused (the government's definition; not the same as persons_prosecuted).
--   persons_convicted DECIMAL(20,4): Persons convicted in the year.
--   convictions_per_100_victims DOUBLE: persons_convicted per 100 victims_identified, rounded to one decimal; null when either is missing or no victims were identified. Two counts from one originator (or the reconciled values), not a rate of any cohort.
--   reports VARCHAR: The documents the row's figures come from.
-- (defined in sql/views/justice_funnel.sql)

-- view reconciled: One row per figure (country, indicator, period, breakdown and unit): the value to use under the default policy, with its claim, spread, independent originators and dissenting figures. The same columns as reconciled_by_policy, for the policy whose is_default is true; another policy: `select * from reconciled_by_policy where policy_id = 'us_first'`.
--   policy_id VARCHAR: The default policy, which chose the value.
--   figure_key VARCHAR: The figure: country, indicator, period, breakdown and unit, as one text.
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the figure counts.
--   year_from INTEGER: First year of the figure's period; null for timeless facts.
--   year_to INTEGER: Last year of the figure's period.
--   breakdown VARCHAR: The figure's breakdown as text, or all.
--   sex VARCHAR: Breakdown by sex, or all.
--   age_band VARCHAR: Breakdown by age band, or all.
--   exploitation_form VARCHAR: Breakdown by form of exploitation, or all.
--   citizenship VARCHAR: Breakdown by citizenship, or all.
--   destination_iso3 VARCHAR: Breakdown by destination country, or all.
--   origin_iso3 VARCHAR: Breakdown by country of origin, or all.
--   category VARCHAR: What exactly is counted within the indicator, or all.
--   unit VARCHAR: Unit of the figure.
--   status VARCHAR: reported or not_reported (every claim says the figure was not reported).
--   value DECIMAL(20,4): The value to use.
--   value_low DECIMAL(20,4): Lower bound of the value to use, where it is a range or a bound.
--   value_high DECIMAL(20,4): Upper bound of the value to use, where it is a range or a bound.
--   qualifier VARCHAR: Qualifier of the chosen claim.
--   figure_text VARCHAR: The chosen figure as a reader would say it.
--   claim_id VARCHAR: The claim the value comes from.
--   report_id VARCHAR: The document of that claim.
--   source_id VARCHAR: The originator of that claim.
--   source_kind VARCHAR: Kind of that originator.
--   lowest_value DECIMAL(20,4): Lowest value any claim of the figure gives.
--   highest_value DECIMAL(20,4): Highest value any claim of the figure gives.
--   n_claims BIGINT: Number of claims of the figure.
--   n_reported_claims BIGINT: Number of claims that give a value.
--   n_independent_originators BIGINT: Number of distinct originators among the claims that give a value (a relayed figure counts as its originator's).
--   n_distinct_values BIGINT: Number of distinct values the claims give.
--   is_agreed BOOLEAN: True when every claim that gives a value gives the same one.
--   dissenting_figures VARCHAR: The other values with their originators and reports.
--   not_reported_by VARCHAR: Originators and reports that say the figure was not reported.
--   value_usd DOUBLE: The value in U.S. dollars at the rate the documents imply (see reconciled_by_policy).
--   usd_rate DOUBLE: The U.S. dollars per unit used for value_usd.
--   usd_rate_source VARCHAR: The claims whose pairing implies usd_rate.
-- (defined in sql/views/reconciled.sql)

-- view reconciled_by_policy: One row per reconciliation policy and figure (country, indicator, period, breakdown and unit): the value to use under that policy, the claim it comes from, the spread of values, the number of claims and of independent originators, and the dissenting figures. Figures whose only claims say "not reported" have a row with status not_reported and no value; period-only claims (action plans) are not reconciled. Pick a policy with `where policy_id = '...'`; `reconciled` is this view for the default policy.
--   policy_id VARCHAR: The policy that chose the value (see table policy).
--   figure_key VARCHAR: The figure: country, indicator, period, breakdown and unit, as one text.
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the figure counts.
--   year_from INTEGER: First year of the figure's period; null for timeless facts.
--   year_to INTEGER: Last year of the figure's period.
--   breakdown VARCHAR: The figure's breakdown as text (e.g. sex=female), or all.
--   sex VARCHAR: Breakdown by sex, or all.
--   age_band VARCHAR: Breakdown by age band, or all.
--   exploitation_form VARCHAR: Breakdown by form of exploitation, or all.
--   citizenship VARCHAR: Breakdown by citizenship, or all.
--   destination_iso3 VARCHAR: Breakdown by destination country, or all.
--   origin_iso3 VARCHAR: Breakdown by country of origin, or all.
--   category VARCHAR: What exactly is counted within the indicator, or all.
--   unit VARCHAR: Unit of the figure. An amount stated in two currencies has one row per currency.
--   status VARCHAR: reported (some claim gives a value) or not_reported (every claim says the figure was not reported).
--   value DECIMAL(20,4): The value to use (null for a range, see value_low and value_high, and when not reported).
--   value_low DECIMAL(20,4): Lower bound of the value to use, for ranges and at-least figures.
--   value_high DECIMAL(20,4): Upper bound of the value to use, for ranges and at-most figures.
--   qualifier VARCHAR: Qualifier of the chosen claim (exact, approximate, at_least, ...).
--   figure_text VARCHAR: The chosen figure as a reader would say it (91, at least 36, 5-10).
--   claim_id VARCHAR: The claim the value comes from.
--   report_id VARCHAR: The document of that claim.
--   source_id VARCHAR: The originator of that claim.
--   source_kind VARCHAR: Kind of that originator.
--   lowest_value DECIMAL(20,4): Lowest value (or lower bound) any claim of the figure gives.
--   highest_value DECIMAL(20,4): Highest value (or upper bound) any claim of the figure gives.
--   n_claims BIGINT: Number of claims of the figure, not_reported ones included.
--   n_reported_claims BIGINT: Number of claims that give a value.
--   n_independent_originators BIGINT: Number of distinct originators among the claims that give a value. A U.S. report relaying a government figure is the government's figure: it counts once, as the government.
--   n_distinct_values BIGINT: Number of distinct values the claims give.
--   is_agreed BOOLEAN: True when every claim that gives a value gives the same one.
--   dissenting_figures VARCHAR: The other values, each with its originator and report; null when all agree.
--   not_reported_by VARCHAR: Originators and reports that say the figure was not reported, if any.
--   value_usd DOUBLE: The value in U.S. dollars: the value itself for a USD amount; for another currency, converted at the rate its own two-currency statement implies, else the average rate its report implies for that currency and period, else the average any report implies for that period; null when no document implies a rate, or for non-amounts.
--   usd_rate DOUBLE: The U.S. dollars per unit used for value_usd.
--   usd_rate_source VARCHAR: The claims (amount / amount in USD) whose pairing implies usd_rate.
-- (defined in sql/views/reconciled_by_policy.sql)

-- view revision: One row per figure (country, indicator, period, breakdown and unit) that more than one edition of the same publisher states: the first-published and the latest value, and whether the later edition changed it. Both values stay in `claim`; this view only lines them up.
--   figure_key VARCHAR: The figure: country, indicator, period, breakdown and unit, as one text.
--   publisher VARCHAR: The publisher whose editions state the figure.
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the figure counts.
--   year_from INTEGER: First year of the figure's period.
--   year_to INTEGER: Last year of the figure's period.
--   breakdown VARCHAR: The figure's breakdown as text, or all.
--   unit VARCHAR: Unit of the figure.
--   n_editions BIGINT: Number of that publisher's documents that state the figure.
--   first_report_id VARCHAR: The earliest edition stating it.
--   first_published_year INTEGER: Year that edition was published.
--   first_claim_id VARCHAR: The claim in that edition.
--   first_source_id VARCHAR: Originator of that claim.
--   first_value DECIMAL(20,4): Value first published (null for ranges or not reported).
--   first_figure_text VARCHAR: The figure first published, as text.
--   latest_report_id VARCHAR: The latest edition stating it.
--   latest_published_year INTEGER: Year that edition was published.
--   latest_claim_id VARCHAR: The claim in that edition.
--   latest_source_id VARCHAR: Originator of that claim.
--   latest_value DECIMAL(20,4): Value in the latest edition.
--   latest_figure_text VARCHAR: The figure in the latest edition, as text.
--   is_changed BOOLEAN: True when the latest edition's figure differs from the first-published one.
--   change DECIMAL(21,4): latest_value minus first_value, where both are values.
-- (defined in sql/views/revision.sql)

-- view source_comparison: One row per figure (country, indicator, period, breakdown and unit), with each kind of originator's figures side by side (government, U.S. State Department, U.S. Embassy, media, NGOs, others), each followed by the reports it comes from, and the figures of related but differently defined indicators for the same country, period and breakdown, with the difference in definition stated (never equated).
--   figure_key VARCHAR: The figure: country, indicator, period, breakdown and unit, as one text.
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the figure counts.
--   year_from INTEGER: First year of the figure's period; null for timeless facts.
--   year_to INTEGER: Last year of the figure's period.
--   breakdown VARCHAR: The figure's breakdown as text, or all.
--   unit VARCHAR: Unit of the figure.
--   government VARCHAR: The government's figures, each with its report in brackets (e.g. 95 [gov-aze-2021]; not reported [tip-2025-aze]).
--   us_department_of_state VARCHAR: The U.S. State Department's own figures, with their reports.
--   us_embassy VARCHAR: The U.S. Embassy's own figures, with their reports.
--   media VARCHAR: Figures attributed to media, with their reports.
--   ngo VARCHAR: Figures attributed to NGOs, with their reports.
--   other_originators VARCHAR: Figures of other originators (GRETA, observers, named officials), each with its originator and report.
--   n_claims BIGINT: Number of claims of the figure.
--   n_distinct_values BIGINT: Number of distinct values the claims give (not reported is not a value).
--   is_agreed BOOLEAN: True when every claim that gives a value gives the same one.
--   related_indicator_codes VARCHAR: Indicators declared related to this one (indicator_relation), whose figures for the same country, period and breakdown are in related_figures.
--   related_figures VARCHAR: Those figures, each with its indicator, originator and report. Related, not equal: see definition_difference.
--   definition_difference VARCHAR: Why the related indicators' figures need not agree (the declared reason).
-- (defined in sql/views/source_comparison.sql)
