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

-- table _view: One row per view of the database: the columns that identify its rows (its grain, as its file in sql/views/ declares it) and whether its rows are stored. Written by every build.
--   view_name VARCHAR: The view's name (duckdb_views().view_name).
--   grain VARCHAR[]: The columns whose values identify a row of the view, in the order its file declares them; the build checks they do.
--   is_stored BOOLEAN: True when the build computes the view's rows once, into a table of their own that the view selects (-- stored: in its file).
CREATE TABLE _view (
  view_name TEXT PRIMARY KEY,
  grain TEXT[] NOT NULL,
  is_stored BOOLEAN NOT NULL
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
--   qualifier VARCHAR: How the figure is stated: exact, approximate, at_least, more_than, at_most, less_than, range, category (the value is a category, value_category: a tier placement), not_reported (the document says the figure was not reported: an absence, not a zero) or period (the fact is the period itself, e.g. an action plan's years).
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
--   attribution_reason VARCHAR: Why the claim's source_id is not the originator its sentence names (rule attribution-wording), in the curator's words; null when the wording and the source agree.
--   period_basis VARCHAR: What kind of period the sentence says the figure counts: calendar_year (a year named, "in 2017"), reporting_period (a TIP report's April-March reporting period); null when the sentence does not say.
--   implied_by_claim_id VARCHAR: The claim whose sentence implies this one without stating it (a tier placement implied by "the fifth consecutive year on Tier 2 Watch List"); null for a stated claim. An implied claim is a derived fact: it counts as its source claim's originator, never as a second one.
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
  attribution_reason TEXT,
  period_basis TEXT,
  implied_by_claim_id TEXT,
  CHECK (REGEXP_FULL_MATCH(claim_id, '[a-z0-9]+(-[a-z0-9]+)*:[a-z0-9]+(-[a-z0-9]+)*')),
  CHECK (REGEXP_FULL_MATCH(country_iso3, '[A-Z]{3}')),
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
  PRIMARY KEY (sum_id, claim_id)
);

-- table document: One row per report: the text of its vendored document, as verified against the manifest's sha256 when the database was built. Quotes, claims' quote offsets and skips' offsets are positions in this text.
--   report_id VARCHAR: The report whose document this is (report.report_id).
--   text VARCHAR: The whole text of the document, decoded from its verified UTF-8 bytes; offsets (claim.quote_start, skip.span_start) count its characters from 0.
--   sha256 VARCHAR: SHA-256 of the document's bytes (the text encoded as UTF-8): the manifest's checksum, report.sha256.
--   size_bytes BIGINT: Length of the document in bytes (UTF-8).
CREATE TABLE "document" (
  report_id TEXT PRIMARY KEY,
  "text" TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  CHECK (REGEXP_FULL_MATCH(sha256, '[0-9a-f]{64}')),
  CHECK ((
    size_bytes >= 0
  ))
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
--   url VARCHAR: Public address of the document where one is known to the curators (see url_note for what it points at); null when none is known. The build does not fetch it.
--   url_note VARCHAR: What url points at when it is not the document itself (e.g. the edition of which the country narrative is a chapter), or why there is no url; null when url is the document.
--   license VARCHAR: The document's own license status, a short id: public-domain-us-gov (a work of the U.S. government, public domain in the United States, 17 U.S.C. 105), an SPDX identifier, or unknown (the document states none). The curated data are CC BY 4.0; each document keeps its own status.
--   license_note VARCHAR: What is known of the document's license status, in the curators' words.
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
  url TEXT,
  url_note TEXT,
  license TEXT,
  license_note TEXT,
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
  "version" INT,
  "name" TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TIMESTAMP DEFAULT (
    TIMEZONE('UTC', CURRENT_TIMESTAMP)
  ) NOT NULL,
  PRIMARY KEY ("version")
);

-- table skip: One row per span of a document whose numbers are not figures (a header, a paragraph number, a reference), each with the curator's reason: the coverage audit counts a number inside one as accounted for. From seeds/skips/<report_id>.yaml, found in the text as quotes are.
--   report_id VARCHAR: The report whose document the span is in (document.report_id).
--   skip_no INTEGER: The span's place among its report's skip spans, from 1, in the order of the skips file (a skip with every: true gives one span per occurrence).
--   span_start INTEGER: Offset of the span's first character in document.text (from 0).
--   span_end INTEGER: Offset just after the span's last character in document.text.
--   skipped_text VARCHAR: The words the span covers: substring of document.text from span_start to span_end.
--   reason VARCHAR: Why the numbers of the span are not figures, in the curator's words.
CREATE TABLE "skip" (
  report_id TEXT,
  skip_no INT,
  span_start INT NOT NULL,
  span_end INT NOT NULL,
  skipped_text TEXT NOT NULL,
  reason TEXT NOT NULL,
  CHECK ((
    skip_no >= 1
  )),
  CHECK ((
    span_start >= 0
  )),
  CHECK ((
    span_end >= span_start
  )),
  PRIMARY KEY (report_id, skip_no)
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

-- view answer: One row per question "what is <indicator> in <country> for <year>?" (the indicator without breakdown; every country, indicator and year of indicator_coverage): the verdict and one paragraph in plain language that a reporter can quote with its citation. The paragraph names every value with whose figure it is (the originator who produced it), who relayed it and the document; says whether values agree, differ inside one originator's statistics, differ between originators, or differ only by definition or kind of period; says who did not report the figure; and flags derived, implied, low-confidence and judged values. The figures themselves, one row each, are in answer_figure; `tiplake explain INDICATOR YEAR` prints both. Verdicts: one_figure (one statement, no other value), agree (several statements, one value), differ_within_originator (different values, all of one originator's own figures: relays of it are not a second source), differ_between_originators, differ_in_period (the values differ only between a calendar year and a TIP reporting period), not_reported (no value; an originator said it did not report it), no_figure (a document covers the year but gives no value) and no_document (no document covers the year). A value of a differently defined related indicator never changes the verdict: the paragraph names it as another count.
--   country_iso3 VARCHAR: The country.
--   indicator_code VARCHAR: The indicator asked about.
--   indicator_label VARCHAR: Its label.
--   year INTEGER: The calendar year asked about.
--   verdict VARCHAR: one_figure, agree, differ_within_originator, differ_between_originators, differ_in_period, not_reported, no_figure or no_document (see the view's header).
--   headline_figure VARCHAR: The value to quote when the verdict is one_figure or agree; null when the values differ or none is given (then read the paragraph).
--   n_values BIGINT: Number of distinct values given for the year (derived figures included).
--   n_statements BIGINT: Number of claims and derived figures giving a value.
--   n_originators BIGINT: Number of distinct originators whose own figures give a value (a relay or a restatement is never a second originator).
--   originators VARCHAR: Those originators' names.
--   not_reported_by VARCHAR: The originators that said they did not report the figure, for the year or a period including it (with the document); null when none did.
--   has_derived BOOLEAN: True when a value is derived from a breakdown rather than stated.
--   has_low_confidence BOOLEAN: True when a value could not be read with certainty.
--   other_definitions VARCHAR: Values of differently defined, related indicators for the year (another count, not a second source of this one); null when none.
--   coverage VARCHAR: The year's coverage of the indicator (indicator_coverage).
--   paragraph VARCHAR: The answer in plain language: question, values with originators, relays and documents, verdict, what was not reported, caveats.
-- (defined in sql/views/answer.sql)

-- view answer_figure: One row per figure that answers a question "what is <indicator> in <country> for <year>?", without breakdown: every value a claim or a derived figure gives for exactly that year, every statement that the figure was not reported (a multi-year "did not report" counts in every year of its period), and the values of differently defined indicators declared related to it (indicator_relation), which answer a similar but different question. `answer` sums these rows up in one plain-language paragraph per question; `tiplake explain` prints both.
--   country_iso3 VARCHAR: The country the question is about.
--   indicator_code VARCHAR: The indicator the question asks about.
--   year INTEGER: The calendar year the question asks about.
--   role VARCHAR: figure (a value of the indicator for that year), not_reported (a statement that it was not reported, for that year or a period including it) or other_definition (a value of a differently defined, related indicator for that year: not the same count).
--   member_id VARCHAR: The claim id, or derived:<sum_id> for a derived figure.
--   claim_id VARCHAR: The claim; null for a derived figure.
--   member_indicator_code VARCHAR: The indicator of this figure (the question's, or the related one's for other_definition).
--   member_indicator_label VARCHAR: Its label.
--   definition VARCHAR: What that indicator counts, as the vocabulary defines it.
--   figure_text VARCHAR: The value as a reader would say it, with its unit, or "not reported".
--   value_key VARCHAR: The value as comparable text; null when not reported.
--   unit VARCHAR: Unit of the value.
--   period VARCHAR: The period of the claim (the year, or the multi-year period of a "did not report").
--   period_basis VARCHAR: The kind of period its sentence states: calendar_year, reporting_period or unstated (null for a derived figure).
--   original_source_id VARCHAR: Whose figure it is: the originator who produced it (a relay is never a second originator).
--   original_source_name VARCHAR: Name of that originator.
--   relayed_by VARCHAR: Who relayed it (the document's publisher) when the originator did not publish it itself; null otherwise.
--   report_id VARCHAR: The document it comes from.
--   report_title VARCHAR: That document's title.
--   published_year INTEGER: When that document was published.
--   is_derived BOOLEAN: True for a figure derived from a declared breakdown (not stated anywhere).
--   derived_rule VARCHAR: How a derived figure follows from its parts; null for a claim.
--   part_claim_ids VARCHAR: For a derived figure, the claims it comes from.
--   is_implied BOOLEAN: True for a claim implied, not stated, by another claim's sentence.
--   is_low_confidence BOOLEAN: True when the value could not be read with certainty.
--   judgement VARCHAR: The curator's judgement (likely_error, preferred), if any.
--   judgement_reason VARCHAR: Why.
--   quote VARCHAR: The verbatim sentence; null for a derived figure.
-- (defined in sql/views/answer_figure.sql)

-- view claim_detail: One row per claim, with its report, originator, indicator, unit and category labels, its figure key, its value typed by what it measures and whose figure it is: everything needed to read and cite a figure without joins. (claim_figure, an earlier name, is this view.)
--   claim_id VARCHAR: Stable identifier of the claim (<report_id>:<slug>).
--   report_id VARCHAR: The document the quote comes from.
--   report_title VARCHAR: Title of that document.
--   report_kind VARCHAR: Kind of that document (tip_report, government_report, diplomatic_cable).
--   publisher VARCHAR: Who published that document.
--   published_year INTEGER: Year that document was published.
--   source_id VARCHAR: Who the document says the figure comes from.
--   source_name VARCHAR: Name of that originator.
--   source_kind VARCHAR: Kind of that originator (government, us_department_of_state, us_embassy, media, ngo, intergovernmental, observers, official).
--   original_source_id VARCHAR: Whose figure it is: the originator of the claim it restates, else the originator it is relayed from (restated_source_id), else source_id.
--   is_own_publication BOOLEAN: True when the originator published the figure itself (a government figure in the government's report, a State Department figure in a TIP Report, an embassy figure in its cable).
--   is_restatement BOOLEAN: True when the claim repeats a claim stated first elsewhere in the corpus (restates_claim_id): a restatement is never a second, independent source. A figure the document relays from another originator is is_relayed, not a restatement.
--   restates_claim_id VARCHAR: The claim of the corpus this one restates, if any.
--   restated_source_id VARCHAR: The originator this claim relays, when its own publication is not in the corpus and source_id is not that originator.
--   restatement_change VARCHAR: How the restatement differs from the claim it restates, if it does.
--   indicator_code VARCHAR: What the figure counts or measures.
--   indicator_label VARCHAR: Human-readable name of the indicator.
--   pillar VARCHAR: Area of work of the indicator (prosecution, protection, prevention, legal_framework, context).
--   country_iso3 VARCHAR: ISO alpha-3 code of the country the figure is about.
--   year_from INTEGER: First calendar year the figure refers to; null for a timeless fact.
--   year_to INTEGER: Last calendar year the figure refers to; equal to year_from for an annual figure.
--   period VARCHAR: The period as text: 2017, 2005-2021, or timeless.
--   sex VARCHAR: Breakdown by sex, or all.
--   age_band VARCHAR: Breakdown by age band, or all.
--   exploitation_form VARCHAR: Breakdown by form of exploitation, or all.
--   citizenship VARCHAR: Breakdown by citizenship, or all.
--   destination_iso3 VARCHAR: Breakdown by destination country, or all.
--   origin_iso3 VARCHAR: Breakdown by country of origin (citizenship), or all.
--   category VARCHAR: What exactly is counted within the indicator (an offence, a provision of the law, a referring body), or all.
--   breakdown VARCHAR: The non-all breakdowns and category as text (e.g. sex=female, exploitation_form=sexual), or all.
--   unit VARCHAR: Unit of the figure (a count noun, an ISO 4217 currency, a duration, percent, tier).
--   unit_kind VARCHAR: Kind of the unit: count, currency, duration, percent or rank (a category unit).
--   figure_key VARCHAR: The figure the claim is about, as one text: country | indicator | period | breakdown | unit. Claims with the same figure_key are about the same figure.
--   qualifier VARCHAR: How the figure is stated: exact, approximate, at_least, more_than, at_most, less_than, range, category, not_reported (an absence, not a zero) or period (the fact is the period itself).
--   is_figure BOOLEAN: False for period claims (an action plan's years): they state no figure.
--   is_reported BOOLEAN: True when the claim gives a figure: a value, bounds or a category. False for not_reported claims (an absence, not a zero) and period claims. The one definition every view uses.
--   value BIGINT: The figure when it is a count (unit kind count): a whole number (for a bound such as "at least 38", the bound: see qualifier). Null for other units, ranges, absences and categories.
--   value_low BIGINT: Lower bound of a count (a range's low end, at_least, more_than).
--   value_high BIGINT: Upper bound of a count (a range's high end, at_most, less_than).
--   amount DECIMAL(20,4): The figure when it is not a count (money, a percentage, a duration), exact (for a bound, the bound). Null for counts, ranges, absences and categories.
--   amount_low DECIMAL(20,4): Lower bound of such a figure.
--   amount_high DECIMAL(20,4): Upper bound of such a figure.
--   value_category VARCHAR: For a category (a tier placement), its code; null otherwise.
--   category_label VARCHAR: The category's label (e.g. Tier 2 Watch List).
--   category_rank INTEGER: The category's order within its unit (1 first).
--   value_key VARCHAR: The figure as comparable text: the value, low-high for a range, or the category; null when not reported. Two claims of one figure disagree when their value_key differ.
--   figure_text VARCHAR: The figure as a reader would say it, with its unit: 91 persons, about 700 AZN, at least 36 persons, 5-10 years, Tier 2 Watch List, not reported.
--   value_label VARCHAR: The category or wording as the quote states it, where there is one.
--   value_text VARCHAR: The words or digits of the quote the value was read from.
--   same_amount_as_claim_id VARCHAR: The same amount in another currency, if any (the conversion points at the original).
--   part_of_claim_id VARCHAR: The total this claim is a part of (a declared breakdown), if any.
--   is_low_confidence BOOLEAN: True when the curator could not read the figure with certainty.
--   confidence_reason VARCHAR: Why the claim is low-confidence.
--   judgement VARCHAR: The curator's judgement: likely_error or preferred; null when none.
--   judgement_reason VARCHAR: Why the curator judged so.
--   quote VARCHAR: The verbatim text the figure is read from.
--   quote_start INTEGER: Character offset of the quote in the document.
--   quote_end INTEGER: Character offset just after the quote.
--   context_before VARCHAR: Document text just before the quote.
--   context_after VARCHAR: Document text just after the quote.
--   note VARCHAR: The curator's note.
--   seed_file VARCHAR: The claims file the claim was curated in.
--   attribution_reason VARCHAR: Why source_id is not the originator the sentence names, in the curator's words; null when they agree.
--   period_basis VARCHAR: The kind of period the sentence says the figure counts: calendar_year, reporting_period (a TIP report's April-March period), or unstated.
--   implied_by_claim_id VARCHAR: The claim whose sentence implies this one without stating it (a tier placement implied by "fifth consecutive year"); null for a stated claim.
--   original_source_name VARCHAR: Name of the originator whose figure it is (original_source_id).
--   is_relayed BOOLEAN: True when the document relays another originator's figure: its publisher is not the originator (a government figure in a TIP Report or an embassy cable, a media figure in a TIP Report). A relay is never a second originator.
--   relayed_by VARCHAR: Who relayed the figure (the document's publisher) when is_relayed; null when the originator published it itself.
--   is_implied BOOLEAN: True for a claim implied, not stated, by another claim's sentence: a derived fact, never a second originator.
-- (defined in sql/views/claim_detail.sql)

-- view claim_figure: One row per claim: the same rows and columns as claim_detail, kept under the name earlier releases gave the per-claim view with its figure key (query claim_detail).
--   claim_id VARCHAR: Stable identifier of the claim (<report_id>:<slug>).
--   report_id VARCHAR: The document the quote comes from.
--   report_title VARCHAR: Title of that document.
--   report_kind VARCHAR: Kind of that document (tip_report, government_report, diplomatic_cable).
--   publisher VARCHAR: Who published that document.
--   published_year INTEGER: Year that document was published.
--   source_id VARCHAR: Who the document says the figure comes from.
--   source_name VARCHAR: Name of that originator.
--   source_kind VARCHAR: Kind of that originator (government, us_department_of_state, us_embassy, media, ngo, intergovernmental, observers, official).
--   original_source_id VARCHAR: Whose figure it is: the originator of the claim it restates, else the originator it is relayed from (restated_source_id), else source_id.
--   is_own_publication BOOLEAN: True when the originator published the figure itself (a government figure in the government's report, a State Department figure in a TIP Report, an embassy figure in its cable).
--   is_restatement BOOLEAN: True when the claim repeats a claim stated first elsewhere in the corpus (restates_claim_id): a restatement is never a second, independent source. A figure the document relays from another originator is is_relayed, not a restatement.
--   restates_claim_id VARCHAR: The claim of the corpus this one restates, if any.
--   restated_source_id VARCHAR: The originator this claim relays, when its own publication is not in the corpus and source_id is not that originator.
--   restatement_change VARCHAR: How the restatement differs from the claim it restates, if it does.
--   indicator_code VARCHAR: What the figure counts or measures.
--   indicator_label VARCHAR: Human-readable name of the indicator.
--   pillar VARCHAR: Area of work of the indicator (prosecution, protection, prevention, legal_framework, context).
--   country_iso3 VARCHAR: ISO alpha-3 code of the country the figure is about.
--   year_from INTEGER: First calendar year the figure refers to; null for a timeless fact.
--   year_to INTEGER: Last calendar year the figure refers to; equal to year_from for an annual figure.
--   period VARCHAR: The period as text: 2017, 2005-2021, or timeless.
--   sex VARCHAR: Breakdown by sex, or all.
--   age_band VARCHAR: Breakdown by age band, or all.
--   exploitation_form VARCHAR: Breakdown by form of exploitation, or all.
--   citizenship VARCHAR: Breakdown by citizenship, or all.
--   destination_iso3 VARCHAR: Breakdown by destination country, or all.
--   origin_iso3 VARCHAR: Breakdown by country of origin (citizenship), or all.
--   category VARCHAR: What exactly is counted within the indicator (an offence, a provision of the law, a referring body), or all.
--   breakdown VARCHAR: The non-all breakdowns and category as text (e.g. sex=female, exploitation_form=sexual), or all.
--   unit VARCHAR: Unit of the figure (a count noun, an ISO 4217 currency, a duration, percent, tier).
--   unit_kind VARCHAR: Kind of the unit: count, currency, duration, percent or rank (a category unit).
--   figure_key VARCHAR: The figure the claim is about, as one text: country | indicator | period | breakdown | unit. Claims with the same figure_key are about the same figure.
--   qualifier VARCHAR: How the figure is stated: exact, approximate, at_least, more_than, at_most, less_than, range, category, not_reported (an absence, not a zero) or period (the fact is the period itself).
--   is_figure BOOLEAN: False for period claims (an action plan's years): they state no figure.
--   is_reported BOOLEAN: True when the claim gives a figure: a value, bounds or a category. False for not_reported claims (an absence, not a zero) and period claims. The one definition every view uses.
--   value BIGINT: The figure when it is a count (unit kind count): a whole number (for a bound such as "at least 38", the bound: see qualifier). Null for other units, ranges, absences and categories.
--   value_low BIGINT: Lower bound of a count (a range's low end, at_least, more_than).
--   value_high BIGINT: Upper bound of a count (a range's high end, at_most, less_than).
--   amount DECIMAL(20,4): The figure when it is not a count (money, a percentage, a duration), exact (for a bound, the bound). Null for counts, ranges, absences and categories.
--   amount_low DECIMAL(20,4): Lower bound of such a figure.
--   amount_high DECIMAL(20,4): Upper bound of such a figure.
--   value_category VARCHAR: For a category (a tier placement), its code; null otherwise.
--   category_label VARCHAR: The category's label (e.g. Tier 2 Watch List).
--   category_rank INTEGER: The category's order within its unit (1 first).
--   value_key VARCHAR: The figure as comparable text: the value, low-high for a range, or the category; null when not reported. Two claims of one figure disagree when their value_key differ.
--   figure_text VARCHAR: The figure as a reader would say it, with its unit: 91 persons, about 700 AZN, at least 36 persons, 5-10 years, Tier 2 Watch List, not reported.
--   value_label VARCHAR: The category or wording as the quote states it, where there is one.
--   value_text VARCHAR: The words or digits of the quote the value was read from.
--   same_amount_as_claim_id VARCHAR: The same amount in another currency, if any (the conversion points at the original).
--   part_of_claim_id VARCHAR: The total this claim is a part of (a declared breakdown), if any.
--   is_low_confidence BOOLEAN: True when the curator could not read the figure with certainty.
--   confidence_reason VARCHAR: Why the claim is low-confidence.
--   judgement VARCHAR: The curator's judgement: likely_error or preferred; null when none.
--   judgement_reason VARCHAR: Why the curator judged so.
--   quote VARCHAR: The verbatim text the figure is read from.
--   quote_start INTEGER: Character offset of the quote in the document.
--   quote_end INTEGER: Character offset just after the quote.
--   context_before VARCHAR: Document text just before the quote.
--   context_after VARCHAR: Document text just after the quote.
--   note VARCHAR: The curator's note.
--   seed_file VARCHAR: The claims file the claim was curated in.
--   attribution_reason VARCHAR: Why source_id is not the originator the sentence names, in the curator's words; null when they agree.
--   period_basis VARCHAR: The kind of period the sentence says the figure counts: calendar_year, reporting_period (a TIP report's April-March period), or unstated.
--   implied_by_claim_id VARCHAR: The claim whose sentence implies this one without stating it (a tier placement implied by "fifth consecutive year"); null for a stated claim.
--   original_source_name VARCHAR: Name of the originator whose figure it is (original_source_id).
--   is_relayed BOOLEAN: True when the document relays another originator's figure: its publisher is not the originator (a government figure in a TIP Report or an embassy cable, a media figure in a TIP Report). A relay is never a second originator.
--   relayed_by VARCHAR: Who relayed the figure (the document's publisher) when is_relayed; null when the originator published it itself.
--   is_implied BOOLEAN: True for a claim implied, not stated, by another claim's sentence: a derived fact, never a second originator.
-- (defined in sql/views/claim_figure.sql)

-- view conflict: One row per claim (or derived figure) in a disagreement, in long format: which disagreement (conflict_id), its kind(s), whether it is a contradiction, and the value with who states it, in which report and with which quote. Disagreements: one figure (country, indicator, period, breakdown and unit) given different values (between originators, within one report, between editions of one publisher, between publishers relaying one originator, a derived figure against a stated one); a restatement that changed the value it restates; a count for a longer period smaller than a count for a period inside it; and related but differently defined indicators whose claims give different values for the same country, period and breakdown, which are shown but are not contradictions. Equal values are never a conflict. All values are kept; this view only shows them together. (Each kind of a figure is found with windows over the figure's values, not by pairing them: "two values that differ and come from different originators" exist exactly when the figure has two values and two originators. Engines that inline views copy a view once per reference; fewer references keep the view usable on Spark.)
--   conflict_id VARCHAR: The disagreement: figure | <figure key>, restatement | <claim id>, periods | <claim> ~ <claim>, definitions | <figure key> ~ <indicator>, or breakdowns | <sum> ~ <sum>.
--   conflict_kind VARCHAR: Its main kind, in this order: different_periods, different_definitions and different_breakdowns (by the conflict's id), restatement_changed, derived_vs_stated, between_originators, within_originator, between_editions, between_publications, within_report. The is_* columns give every kind that applies.
--   is_between_originators BOOLEAN: Different originators give the figure different values. Originators are whose figures they are (original_source_id): a relay is never a second originator.
--   is_within_originator BOOLEAN: Values of one originator's own figures differ (e.g. the government's case counts as relayed twice in one cable): a discrepancy inside that originator's statistics, not between sources.
--   is_within_report BOOLEAN: The differing values are in one document.
--   is_between_editions BOOLEAN: Editions of one publisher give one originator's figure different values.
--   is_between_publications BOOLEAN: Different publishers relay one originator's figure with different values.
--   is_derived_vs_stated BOOLEAN: A figure derived from a breakdown differs from a stated one.
--   is_restatement_changed BOOLEAN: A restatement gives another value than the claim it restates (both about one figure, or about different figures).
--   is_different_periods BOOLEAN: A count for a longer period is smaller than a count for a period inside it.
--   is_different_definitions BOOLEAN: Related but differently defined indicators give different values (indicator_relation): shown, not a contradiction.
--   is_different_basis BOOLEAN: The values are for different kinds of period as their sentences say: a calendar year and a TIP reporting period (April to March).
--   is_different_breakdowns BOOLEAN: Two complete breakdowns of one figure give different parts (a part of one is absent from, or different in, the other), even where their totals agree.
--   is_contradiction BOOLEAN: True when no stated difference (definition, kind of period) can explain the values: they cannot all be right as stated.
--   explained_by VARCHAR: What can explain the values when it is not a contradiction: definition (differently defined indicators) or period_basis (a calendar year against a reporting period); null for a contradiction.
--   explanation VARCHAR: The disagreement in plain words: every value with whose figure it is, who relayed it and the document, and what kind of difference it is.
--   member_id VARCHAR: The claim id, or derived:<sum_id> for a derived figure.
--   claim_id VARCHAR: The claim; null for a derived figure.
--   is_derived BOOLEAN: True for a derived figure.
--   figure_key VARCHAR: The figure this value is about.
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the figure counts.
--   year_from INTEGER: First year of its period.
--   year_to INTEGER: Last year of its period.
--   period VARCHAR: Its period as text.
--   breakdown VARCHAR: Its breakdown as text, or all.
--   unit VARCHAR: Its unit.
--   value_key VARCHAR: The value as comparable text.
--   figure_text VARCHAR: The value as a reader would say it, with its unit.
--   source_id VARCHAR: Who states the value.
--   original_source_id VARCHAR: Whose figure it is, following restatements and relays.
--   original_source_name VARCHAR: Name of that originator.
--   relayed_by VARCHAR: Who relayed the value (the document's publisher) when it is not the originator's own publication; null otherwise.
--   period_basis VARCHAR: The kind of period the value's sentence states: calendar_year, reporting_period or unstated; null for a derived figure.
--   report_id VARCHAR: The document of the value.
--   published_year INTEGER: When that document was published.
--   judgement VARCHAR: The curator's judgement of the claim (likely_error, preferred), if any.
--   judgement_reason VARCHAR: Why.
--   restates_claim_id VARCHAR: The claim this one restates, if any.
--   restatement_change VARCHAR: How that restatement differs from what it restates, in the curator's words (a relabelled indicator, a changed qualifier), if it does.
--   quote VARCHAR: The claim's verbatim quote; null for a derived figure.
-- (defined in sql/views/conflict.sql)

-- view consistency_check: One row per set of figures the seeds declare add up (claim_sum): a total and its parts, a breakdown or a sum across indicators, complete or partial, and whether they agree. Complete parts must add up to their total; partial parts must not exceed it (they are incomplete, never "falling short"); a document's own figures that do not add up (the government chart's bars against its stated total) show here, with has_low_confidence_part. A breakdown without a stated total has no check: its total is derived (stg_figure_value, reconciled). Nothing is corrected: a mismatch is shown.
--   sum_id VARCHAR: The declared sum (<report_id>:<slug>).
--   report_id VARCHAR: The document of the total and its parts.
--   kind VARCHAR: breakdown (the total's indicator broken down) or across_indicators (other indicators that add up to the total).
--   dimension VARCHAR: For a breakdown, the breakdown column(s) the parts divide the whole by.
--   is_complete BOOLEAN: True when the parts cover the whole (the document says so: evidence); false when only some of it (reason).
--   country_iso3 VARCHAR: Country the figures are about.
--   indicator_code VARCHAR: The whole's indicator.
--   year_from INTEGER: First year of the period.
--   year_to INTEGER: Last year of the period.
--   breakdown VARCHAR: The whole's breakdown, or all.
--   unit VARCHAR: Unit of the total and its parts.
--   total_claim_id VARCHAR: The claim of the stated total; null when the document states none.
--   part_claim_ids VARCHAR: The parts' claims, comma-separated.
--   parts VARCHAR: Each part with its breakdown (or indicator) and figure.
--   n_parts BIGINT: Number of parts.
--   n_valued_parts BIGINT: Number of parts that give a value (not an absence).
--   total_value BIGINT: The stated total, for counts (a whole number).
--   parts_sum_value BIGINT: The parts' sum, for counts.
--   difference_value BIGINT: parts_sum_value minus total_value.
--   total_amount DECIMAL(20,4): The stated total, for other units (exact).
--   parts_sum_amount DECIMAL(20,4): The parts' sum, for other units.
--   difference_amount DECIMAL(21,4): parts_sum_amount minus total_amount.
--   has_low_confidence_part BOOLEAN: True when a part could not be read with certainty.
--   result VARCHAR: adds_up (complete parts equal the total), parts_exceed_total, parts_fall_short (complete parts sum to less), partial_within_total (partial parts do not exceed it), no_stated_total (nothing to check: the total is derived), total_not_reported, parts_not_all_given (a complete sum with a part that gives no value), or not_exact (an approximate or bounded total or part: cannot be checked).
--   is_consistent BOOLEAN: True for adds_up and partial_within_total, false for parts_exceed_total and parts_fall_short, null when nothing can be checked.
--   evidence VARCHAR: The document's words that show the parts are complete.
--   reason VARCHAR: Why the parts do not cover the whole, or anything a reader should know.
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

-- view figure: One row per figure: a country, indicator, period, breakdown and unit that one or more claims give a value for (or say was not reported), or that a declared breakdown implies. Each kind of originator's own figures side by side (the column is the kind of whoever produced the number, original_source_id, not of whoever states or publishes it: a government figure an embassy cable or a TIP Report relays is in `government`, marked "relayed by"); the figures derived from breakdowns, with their parts' originators; how many claims, values and independent originators it has (a restatement or relay is never a second originator; a derived figure counts the originators of its parts); who did not report the figure for a period that includes it (a "did not report" claim for 2023-2024 shows beside a 2024 figure); and the figures of related but differently defined indicators for the same country, period and breakdown, with the difference in definition stated, never equated. (source_comparison, an earlier name, reads this view.)
--   figure_key VARCHAR: The figure: country | indicator | period | breakdown | unit.
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the figure counts.
--   year_from INTEGER: First year of the figure's period; null for timeless facts.
--   year_to INTEGER: Last year of the figure's period.
--   period VARCHAR: The period as text.
--   breakdown VARCHAR: The figure's breakdown as text, or all.
--   sex VARCHAR: Breakdown by sex, or all.
--   age_band VARCHAR: Breakdown by age band, or all.
--   exploitation_form VARCHAR: Breakdown by form of exploitation, or all.
--   citizenship VARCHAR: Breakdown by citizenship, or all.
--   destination_iso3 VARCHAR: Breakdown by destination country, or all.
--   origin_iso3 VARCHAR: Breakdown by country of origin (citizenship), or all.
--   category VARCHAR: What exactly is counted within the indicator, or all.
--   unit VARCHAR: Unit of the figure.
--   unit_kind VARCHAR: Kind of the unit (count, currency, duration, percent, rank).
--   n_claims BIGINT: Number of claims of the figure, not_reported ones included (derived figures are not claims).
--   n_reported_claims BIGINT: Number of claims that give a value.
--   n_derived BIGINT: Number of figures derived from declared breakdowns for it.
--   n_independent_originators BIGINT: Number of distinct originators who produced a value of the figure (original_source_id): a restatement, or a figure relayed from another originator, counts as that originator, never as a second one; a derived figure counts the original originators of its parts (derived_originators), so it is never 0 when it has a value.
--   n_distinct_values BIGINT: Number of distinct values the claims and derived figures give (not reported is not a value).
--   is_agreed BOOLEAN: True when every value given is the same one (or none is given).
--   government VARCHAR: The figures the government produced (original_source_id of kind government), each with its report in brackets, and "relayed by" the originator or publisher that passes it on when the document is not the government's own (e.g. 78 persons [cable-09baku141, relayed by U.S. Embassy Baku]; not reported [tip-2025-aze, relayed by U.S. Department of State]).
--   us_department_of_state VARCHAR: The U.S. State Department's own figures (its estimates, assessments and statements that name no other originator), with their reports; never a government figure it relays.
--   us_embassy VARCHAR: The U.S. Embassy's own figures (its own estimates and statements), with their reports; the government's figures a cable relays, even in the embassy's own words, are in government, marked relayed.
--   media VARCHAR: Figures produced by media, as relayed by the reports that cite them.
--   ngo VARCHAR: Figures produced by NGOs, as relayed by the reports that cite them.
--   other_originators VARCHAR: Figures of other originators (GRETA, observers, named officials), each with its originator and report (and who relays it).
--   relayed_figures VARCHAR: Every value a document relays from an originator other than its publisher, with whose it is and who relays it (a relay repeats its originator's figure: never a second originator); null when none.
--   derived_figures VARCHAR: Figures derived from declared breakdowns, each with its rule and report.
--   derived_originators VARCHAR: The original originators of the derived figures' parts, comma-separated; null without a derived figure.
--   not_reported_by VARCHAR: The originators that say the figure was not reported, each with its document, for this figure or a period that includes it (a multi-year "did not report" claim, its period in brackets) or for the total of this breakdown ("all breakdowns"); null when none. Shown beside a figure given by someone else, so a media figure keeps the government's absence.
--   has_not_reported BOOLEAN: True when some originator says the figure was not reported (not_reported_by is not null), whether or not another gives it.
--   related_indicator_codes VARCHAR: Indicators declared related to this one (indicator_relation), whose figures for the same country, period and breakdown are in related_figures.
--   related_figures VARCHAR: Those figures, each with its indicator, originator and report. Related, not equal: see definition_difference.
--   definition_difference VARCHAR: Why the related indicators' figures need not agree (the declared reason).
-- (defined in sql/views/figure.sql)

-- view indicator_coverage: One row per country, indicator and year from the first to the last year the country's documents report on: what the corpus knows of that figure (the indicator, that year) and why not more, as one of four states. `figure`: a claim gives a value for the year (an annual claim, any breakdown, or a total derived from a declared breakdown). `not_reported`: no value, but a claim says the figure was not reported for a period that includes the year (a "did not report" claim for 2023-2024 counts in 2023 and in 2024). `no_figure`: a document covers the year and the indicator's topic but gives nothing for it. `no_document`: no document covers the year and topic. The rule for the topic: a document covers an indicator's topic for a year when it has a claim of an indicator of the same pillar (prosecution, protection, prevention, legal framework, context) for exactly that year, or a not_reported claim of that pillar whose period includes it; a reporting period alone, a claim of another pillar, a cumulative total (2005-2021) or a timeless fact (a penalty) does not cover a year. So a document giving only 2012's tier placement covers 2012's context indicators, not its victims (no_document, with is_reported_on true), while a document with 2010's protection figures makes a missing 2010 protection indicator no_figure. `coverage` refines `figure` (stated_total, derived_total, breakdown_only); multi-year figures are counted apart, in n_multi_year_claims.
--   country_iso3 VARCHAR: The country.
--   indicator_code VARCHAR: The indicator.
--   pillar VARCHAR: Its area of work (the topic a document must cover for no_figure).
--   year INTEGER: The calendar year.
--   state VARCHAR: figure (a claim gives a value for the year, or a complete breakdown implies it), not_reported (no value; a claim says it was not reported for a period that includes the year, multi-year periods in every year they cover), no_figure (a document covers the year and the indicator's pillar but gives nothing for it) or no_document (no document covers the year and the indicator's pillar; see is_reported_on).
--   coverage VARCHAR: The state with figure refined: stated_total (a claim gives the figure without breakdown), derived_total (a complete breakdown implies it), breakdown_only (claims give parts, or a lower bound, only), not_reported, no_figure or no_document (as in state).
--   n_claims BIGINT: Number of claims about exactly this year (any breakdown), not_reported ones included.
--   n_reported_claims BIGINT: Of those, the number that give a value.
--   n_multi_year_claims BIGINT: Number of claims whose multi-year period includes this year (reported or not).
--   source_ids VARCHAR: The original originators of the claims that give the figure for this year (without breakdown): a relay counts as the originator it relays.
--   reports VARCHAR: The documents giving a figure for this year (any breakdown).
--   not_reported_by VARCHAR: The originators that say the figure was not reported for a period that includes this year, each with its document and, for a multi-year claim, its period (e.g. gov_aze in tip-2025-aze (2023-2024)); shown beside a figure too, so a media figure keeps the government's absence.
--   has_not_reported BOOLEAN: True when a claim says the figure was not reported for a period that includes this year (whatever the state).
--   topic_reports VARCHAR: The documents that cover the indicator's pillar for this year (their claims of that pillar for the year): why the year is no_figure rather than no_document.
--   is_reported_on BOOLEAN: True when any document reports on the year at all (its reporting period covers it, or it gives an annual figure of any pillar for it); a no_document year with is_reported_on true has documents about other topics only.
-- (defined in sql/views/indicator_coverage.sql)

-- view justice_funnel: One row per country, year and originator (source_id: whose figures they are, original_source_id; a figure an embassy cable or a TIP Report relays is in its originator's row), and one per country and year with the reconciled values (source_id 'reconciled'): the stages of the justice response side by side, victims identified to persons convicted, each with the claim it comes from, whose figure it is, whether it is derived and the document's words (its definition as counted), so "victims identified versus traffickers convicted" is one select. Annual figures without breakdown only; where an originator's figure appears in several documents, the latest document's is used (in one document, its own statement before another's restatement of it). Absent figures are null (not zero); a not_reported claim is not a value (not_reported says who did not report which stage). Each stage is one definition: prosecutions initiated (newly charged), persons prosecuted (all defendants) and persons brought to responsibility as accused are different counts, never one column. A ratio divides like by like or is null with the reason (<ratio>_note): never convictions by prosecutions initiated as if by persons prosecuted. A funnel of annual counts is not a cohort: the people convicted in a year were mostly identified, charged or prosecuted in earlier years, so a ratio compares two counts of one year, not the fate of one group. Its basis says where its two counts come from: same_source (one document and one originator; for a collective originator, media, NGOs or observers, one sentence, since a document can cite several reports), same_originator (one originator, different documents) or mixed_originators.
--   country_iso3 VARCHAR: Country the figures are about.
--   year INTEGER: Calendar year the figures refer to.
--   source_id VARCHAR: The originator whose own figures the row gives (original_source_id: a relayed figure is in its originator's row, never the relayer's), or 'reconciled' for the values the default policy chooses (each stage's originator is then in <stage>_source_id).
--   is_reconciled BOOLEAN: True for the reconciled row.
--   victims_identified BIGINT: Victims identified in the year (officially recognised victims; not potential victims): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   victims_identified_claim_id VARCHAR: The claim it comes from; null when derived or absent.
--   victims_identified_source_id VARCHAR: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   victims_identified_is_derived BOOLEAN: True when no claim states it: it is derived from a declared breakdown.
--   victims_identified_qualifier VARCHAR: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   victims_identified_wording VARCHAR: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   suspects_investigated BIGINT: Suspects investigated in the year (persons): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   suspects_investigated_claim_id VARCHAR: The claim it comes from; null when derived or absent.
--   suspects_investigated_source_id VARCHAR: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   suspects_investigated_is_derived BOOLEAN: True when no claim states it: it is derived from a declared breakdown.
--   suspects_investigated_qualifier VARCHAR: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   suspects_investigated_wording VARCHAR: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   cases_investigated BIGINT: Cases investigated (opened) in the year (criminal cases, not crimes or persons): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   cases_investigated_claim_id VARCHAR: The claim it comes from; null when derived or absent.
--   cases_investigated_source_id VARCHAR: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   cases_investigated_is_derived BOOLEAN: True when no claim states it: it is derived from a declared breakdown.
--   cases_investigated_qualifier VARCHAR: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   cases_investigated_wording VARCHAR: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   crimes_registered BIGINT: Crimes registered in the year (the government's count of offences, not cases): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   crimes_registered_claim_id VARCHAR: The claim it comes from; null when derived or absent.
--   crimes_registered_source_id VARCHAR: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   crimes_registered_is_derived BOOLEAN: True when no claim states it: it is derived from a declared breakdown.
--   crimes_registered_qualifier VARCHAR: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   crimes_registered_wording VARCHAR: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   cases_sent_to_court BIGINT: Cases sent to court in the year (cases, not defendants): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   cases_sent_to_court_claim_id VARCHAR: The claim it comes from; null when derived or absent.
--   cases_sent_to_court_source_id VARCHAR: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   cases_sent_to_court_is_derived BOOLEAN: True when no claim states it: it is derived from a declared breakdown.
--   cases_sent_to_court_qualifier VARCHAR: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   cases_sent_to_court_wording VARCHAR: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   prosecutions_initiated BIGINT: Prosecutions initiated in the year: persons newly charged ("initiated prosecutions of nine alleged traffickers"); not persons_prosecuted: the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   prosecutions_initiated_claim_id VARCHAR: The claim it comes from; null when derived or absent.
--   prosecutions_initiated_source_id VARCHAR: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   prosecutions_initiated_is_derived BOOLEAN: True when no claim states it: it is derived from a declared breakdown.
--   prosecutions_initiated_qualifier VARCHAR: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   prosecutions_initiated_wording VARCHAR: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   persons_prosecuted BIGINT: Persons prosecuted in the year: all defendants before a court, including prosecutions begun earlier (the TIP Report's "defendants prosecuted"); not prosecutions_initiated: the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   persons_prosecuted_claim_id VARCHAR: The claim it comes from; null when derived or absent.
--   persons_prosecuted_source_id VARCHAR: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   persons_prosecuted_is_derived BOOLEAN: True when no claim states it: it is derived from a declared breakdown.
--   persons_prosecuted_qualifier VARCHAR: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   persons_prosecuted_wording VARCHAR: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   persons_charged BIGINT: Persons brought to responsibility as accused (the government's definition; not persons_prosecuted): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   persons_charged_claim_id VARCHAR: The claim it comes from; null when derived or absent.
--   persons_charged_source_id VARCHAR: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   persons_charged_is_derived BOOLEAN: True when no claim states it: it is derived from a declared breakdown.
--   persons_charged_qualifier VARCHAR: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   persons_charged_wording VARCHAR: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   persons_convicted BIGINT: Persons convicted in the year: the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   persons_convicted_claim_id VARCHAR: The claim it comes from; null when derived or absent.
--   persons_convicted_source_id VARCHAR: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   persons_convicted_is_derived BOOLEAN: True when no claim states it: it is derived from a declared breakdown.
--   persons_convicted_qualifier VARCHAR: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   persons_convicted_wording VARCHAR: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   convictions_per_100_victims DOUBLE: persons_convicted per 100 victims_identified, rounded to one decimal; null (see convictions_per_100_victims_note) when either is missing or not exact (a bound, an approximation), or no victim was identified. Two annual counts of one year, not a rate of any cohort: people convicted in a year were mostly identified in earlier years.
--   convictions_per_100_victims_basis VARCHAR: Where the two counts come from: same_source (one document and one originator; a collective originator, media, NGOs or observers, only within one sentence), same_originator (one originator, different documents) or mixed_originators (different originators, or a collective originator's counts from different sentences or documents, which may be different reports: definitions may differ); null without a ratio. Both counts are always of the same year.
--   convictions_per_100_victims_note VARCHAR: Why the ratio is null, or what its basis means for this row, in words (e.g. the two counts' originators and documents).
--   convictions_per_100_prosecuted DOUBLE: persons_convicted per 100 persons_prosecuted (all defendants), rounded to one decimal; null (see convictions_per_100_prosecuted_note) when either is missing or not exact, or none was prosecuted. Never divided by prosecutions_initiated or persons_charged, which count other things. Annual counts, not a cohort.
--   convictions_per_100_prosecuted_basis VARCHAR: same_source, same_originator or mixed_originators, as above; null without a ratio.
--   convictions_per_100_prosecuted_note VARCHAR: Why the ratio is null (e.g. the year's only prosecution count is prosecutions initiated, a different definition), or what its basis means for this row.
--   not_reported VARCHAR: The stages some originator says were not reported for a period that includes the year, each with who and where (e.g. persons_convicted: gov_aze in tip-2025-aze); the same in every row of the year, so a media figure keeps the government's absence.
--   reports VARCHAR: The documents the row's figures come from.
-- (defined in sql/views/justice_funnel.sql)

-- view reconciled: One row per figure (country, indicator, period, breakdown and unit): the value to use under the default reconciliation policy, with where it comes from and what to beware of (see reconciled_by_policy for every column's meaning and for other policies).
--   figure_key VARCHAR: The figure: country | indicator | period | breakdown | unit.
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the figure counts.
--   year_from INTEGER: First year of the figure's period; null for timeless facts.
--   year_to INTEGER: Last year of the figure's period.
--   period VARCHAR: The period as text.
--   breakdown VARCHAR: The figure's breakdown as text, or all.
--   sex VARCHAR: Breakdown by sex, or all.
--   age_band VARCHAR: Breakdown by age band, or all.
--   exploitation_form VARCHAR: Breakdown by form of exploitation, or all.
--   citizenship VARCHAR: Breakdown by citizenship, or all.
--   destination_iso3 VARCHAR: Breakdown by destination country, or all.
--   origin_iso3 VARCHAR: Breakdown by country of origin, or all.
--   category VARCHAR: What exactly is counted within the indicator, or all.
--   unit VARCHAR: Unit of the figure (for an amount stated in two currencies, the original's).
--   unit_kind VARCHAR: Kind of the unit (count, currency, duration, percent, rank).
--   is_reported BOOLEAN: True when some claim (or a breakdown) gives the figure a value; false when every claim says it was not reported.
--   value BIGINT: The value to use when the figure is a count: a whole number (for a bound such as "at least 38", the bound: see qualifier). Null for other units, ranges and absences.
--   value_low BIGINT: Its lower bound (a range, at least, more than).
--   value_high BIGINT: Its upper bound (a range, at most, less than).
--   amount DECIMAL(20,4): The value to use when the figure is not a count (money, a percentage, a duration), exact (for a bound, the bound).
--   amount_low DECIMAL(20,4): Its lower bound.
--   amount_high DECIMAL(20,4): Its upper bound.
--   value_category VARCHAR: For a category (a tier), its code.
--   category_label VARCHAR: The category's label (e.g. Tier 2 Watch List).
--   qualifier VARCHAR: How the chosen value is stated (exact, approximate, at_least, ..., category).
--   figure_text VARCHAR: The chosen value as a reader would say it, with its unit.
--   claim_id VARCHAR: The claim the value comes from; null when it is derived.
--   is_derived BOOLEAN: True when no claim states the value: it is derived from a declared breakdown (see derived_rule and part_claim_ids).
--   derived_rule VARCHAR: How a derived value follows from its parts.
--   part_claim_ids VARCHAR: For a derived value, the claims it is derived from.
--   part_source_ids VARCHAR: For a derived value, its parts' originators (source_id is null when they are more than one).
--   report_id VARCHAR: The document of the value (a derived value's parts' document).
--   source_id VARCHAR: Who states the value.
--   source_kind VARCHAR: Kind of that originator.
--   original_source_id VARCHAR: Whose figure the value is, following restatements (the government's figure relayed by a TIP report is the government's).
--   is_restatement BOOLEAN: True when the chosen value is a restatement of a figure first stated elsewhere.
--   is_low_confidence BOOLEAN: True when the curator could not read the value with certainty.
--   judgement VARCHAR: The curator's judgement of the chosen claim, if any (preferred; likely_error only when no other value exists).
--   n_claims BIGINT: Number of claims of the figure, not_reported ones included.
--   n_independent_originators BIGINT: Number of distinct originators who produced a value of the figure (original_source_id, as in figure): a restatement or relay counts as its originator, never as a second one; a derived value counts the original originators of its parts, so it is never 0 when the figure has a value.
--   n_distinct_values BIGINT: Number of distinct values given (claims and derived figures; not reported is not a value).
--   is_disputed BOOLEAN: True when the figure has more than one value: see dissenting_figures and the conflict view.
--   dissenting_figures VARCHAR: The other values, each with its originator, report and any judgement (with its reason); null when all agree.
--   not_reported_by VARCHAR: The originators that say the figure was not reported, each with its document, for this figure or for a period that includes it (a multi-year "did not report" claim, its period in brackets) or for the total of this breakdown ("all breakdowns"); null when none. Shown beside the chosen value, so a figure only media give (2024 victims) carries "gov_aze in tip-2025-aze": the government did not report it.
--   has_not_reported BOOLEAN: True when some originator says the figure was not reported (not_reported_by), whether or not a value is chosen: a value with has_not_reported is not the whole story.
--   other_currency VARCHAR: For an amount the document also states in another currency, that currency.
--   other_currency_amount DECIMAL(20,4): The amount in that currency.
--   other_currency_claim_id VARCHAR: The claim with it.
--   value_usd DECIMAL(20,2): The value in U.S. dollars: the amount itself for USD; for another currency, at the rate its own two-currency statement implies, else the average rate its report implies for that currency and period, else the average any report implies for that period. Null for figures that are not amounts, and when no document implies a rate (see value_usd_note).
--   usd_rate DOUBLE: U.S. dollars per unit used for value_usd.
--   usd_rate_claims VARCHAR: The claims (amount / amount in USD) whose pairing implies usd_rate.
--   value_usd_note VARCHAR: Why value_usd is null for an amount, or how its rate was found.
-- (defined in sql/views/reconciled.sql)

-- view reconciled_by_policy: One row per reconciliation policy and figure (country, indicator, period, breakdown and unit): the value to use under that policy, where it comes from and what to beware of, in columns: who states it and whose figure it is, whether it is derived from a breakdown, a restatement, low-confidence or judged a likely error, how many independent originators give the figure and the figures that dissent. Every policy prefers a stated figure to a derived one, and a claim to its restatement in the corpus (a relay of the same figure), and never chooses a claim the curator judged a likely error while another value exists. The default policy (originator_first) takes the originator's own publication first, then the originator's statement relayed by another document (the government's figure as a cable quotes it), and a restatement by someone else (the embassy repeating that figure as its own) only when nothing else gives the figure. An amount stated in two currencies is one row, in the originator's currency, with the other currency beside it. Figures no claim gives a value for have a row with is_reported false. Period-only claims (action plans) are not figures. `reconciled` is this view for the default policy. Missing stays visible: not_reported_by and has_not_reported say who did not report the figure for a period that includes it (from figure), beside whatever value is chosen.
--   policy_id VARCHAR: The policy that chose the value (see table policy).
--   figure_key VARCHAR: The figure: country | indicator | period | breakdown | unit.
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the figure counts.
--   year_from INTEGER: First year of the figure's period; null for timeless facts.
--   year_to INTEGER: Last year of the figure's period.
--   period VARCHAR: The period as text.
--   breakdown VARCHAR: The figure's breakdown as text, or all.
--   sex VARCHAR: Breakdown by sex, or all.
--   age_band VARCHAR: Breakdown by age band, or all.
--   exploitation_form VARCHAR: Breakdown by form of exploitation, or all.
--   citizenship VARCHAR: Breakdown by citizenship, or all.
--   destination_iso3 VARCHAR: Breakdown by destination country, or all.
--   origin_iso3 VARCHAR: Breakdown by country of origin, or all.
--   category VARCHAR: What exactly is counted within the indicator, or all.
--   unit VARCHAR: Unit of the figure (for an amount stated in two currencies, the original's).
--   unit_kind VARCHAR: Kind of the unit (count, currency, duration, percent, rank).
--   is_reported BOOLEAN: True when some claim (or a breakdown) gives the figure a value; false when every claim says it was not reported.
--   value BIGINT: The value to use when the figure is a count: a whole number (for a bound such as "at least 38", the bound: see qualifier). Null for other units, ranges and absences.
--   value_low BIGINT: Its lower bound (a range, at least, more than).
--   value_high BIGINT: Its upper bound (a range, at most, less than).
--   amount DECIMAL(20,4): The value to use when the figure is not a count (money, a percentage, a duration), exact (for a bound, the bound).
--   amount_low DECIMAL(20,4): Its lower bound.
--   amount_high DECIMAL(20,4): Its upper bound.
--   value_category VARCHAR: For a category (a tier), its code.
--   category_label VARCHAR: The category's label (e.g. Tier 2 Watch List).
--   qualifier VARCHAR: How the chosen value is stated (exact, approximate, at_least, ..., category).
--   figure_text VARCHAR: The chosen value as a reader would say it, with its unit.
--   claim_id VARCHAR: The claim the value comes from; null when it is derived.
--   is_derived BOOLEAN: True when no claim states the value: it is derived from a declared breakdown (see derived_rule and part_claim_ids).
--   derived_rule VARCHAR: How a derived value follows from its parts.
--   part_claim_ids VARCHAR: For a derived value, the claims it is derived from.
--   part_source_ids VARCHAR: For a derived value, its parts' originators (source_id is null when they are more than one).
--   report_id VARCHAR: The document of the value (a derived value's parts' document).
--   source_id VARCHAR: Who states the value.
--   source_kind VARCHAR: Kind of that originator.
--   original_source_id VARCHAR: Whose figure the value is, following restatements (the government's figure relayed by a TIP report is the government's).
--   is_restatement BOOLEAN: True when the chosen value is a restatement of a figure first stated elsewhere.
--   is_low_confidence BOOLEAN: True when the curator could not read the value with certainty.
--   judgement VARCHAR: The curator's judgement of the chosen claim, if any (preferred; likely_error only when no other value exists).
--   n_claims BIGINT: Number of claims of the figure, not_reported ones included.
--   n_independent_originators BIGINT: Number of distinct originators who produced a value of the figure (original_source_id, as in figure): a restatement or relay counts as its originator, never as a second one; a derived value counts the original originators of its parts, so it is never 0 when the figure has a value.
--   n_distinct_values BIGINT: Number of distinct values given (claims and derived figures; not reported is not a value).
--   is_disputed BOOLEAN: True when the figure has more than one value: see dissenting_figures and the conflict view.
--   dissenting_figures VARCHAR: The other values, each with its originator, report and any judgement (with its reason); null when all agree.
--   not_reported_by VARCHAR: The originators that say the figure was not reported, each with its document, for this figure or for a period that includes it (a multi-year "did not report" claim, its period in brackets) or for the total of this breakdown ("all breakdowns"); null when none. Shown beside the chosen value, so a figure only media give (2024 victims) carries "gov_aze in tip-2025-aze": the government did not report it.
--   has_not_reported BOOLEAN: True when some originator says the figure was not reported (not_reported_by), whether or not a value is chosen: a value with has_not_reported is not the whole story.
--   other_currency VARCHAR: For an amount the document also states in another currency, that currency.
--   other_currency_amount DECIMAL(20,4): The amount in that currency.
--   other_currency_claim_id VARCHAR: The claim with it.
--   value_usd DECIMAL(20,2): The value in U.S. dollars, to the cent: the amount itself for USD; the document's own U.S. dollar amount when it states one beside it; else converted at the average rate its report implies for that currency and period, else the average any report implies for that period. Null for figures that are not amounts, for ranges, absences, and when no document implies a rate: value_usd_note says which.
--   usd_rate DOUBLE: U.S. dollars per unit of the amount's currency (6 decimals): 1 for USD, else the rate value_usd uses or its own statement implies.
--   usd_rate_claims VARCHAR: The claims (amount / amount in USD) whose pairing implies usd_rate.
--   value_usd_note VARCHAR: For every amount, how value_usd was found or why it is null (not reported, a range, no known rate).
-- (defined in sql/views/reconciled_by_policy.sql)

-- view revision: One row per figure and publisher whose editions state the figure more than once: the first-published and the latest value, and whether the later edition changed it. Both values stay in `claim`; this view only lines them up. Only stated values count (a derived figure is not an edition's statement); a penalty of one provision and a penalty of another are different figures (their category differs), never a revision of each other. A figure one edition gives and a later one says was not reported is a change.
--   figure_key VARCHAR: The figure: country | indicator | period | breakdown | unit.
--   publisher VARCHAR: The publisher whose editions state the figure.
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the figure counts.
--   year_from INTEGER: First year of the figure's period; null for timeless facts.
--   year_to INTEGER: Last year of the figure's period.
--   period VARCHAR: The period as text.
--   breakdown VARCHAR: The figure's breakdown as text, or all.
--   unit VARCHAR: Unit of the figure.
--   n_editions BIGINT: Number of that publisher's documents that state the figure.
--   first_report_id VARCHAR: The earliest edition stating it.
--   first_published_year INTEGER: Year that edition was published.
--   first_claim_id VARCHAR: The claim in that edition.
--   first_source_id VARCHAR: Originator of that claim.
--   first_figure_text VARCHAR: The figure first published, with its unit.
--   latest_report_id VARCHAR: The latest edition stating it.
--   latest_published_year INTEGER: Year that edition was published.
--   latest_claim_id VARCHAR: The claim in that edition.
--   latest_source_id VARCHAR: Originator of that claim.
--   latest_figure_text VARCHAR: The figure in the latest edition, with its unit.
--   is_changed BOOLEAN: True when the latest edition's figure differs from the first-published one (a value, its bounds, or reported against not reported).
--   change BIGINT: For a count, the latest value minus the first, where both are exact values: a whole number.
--   amount_change DECIMAL(21,4): For another unit (money, a duration, a percentage), the latest amount minus the first, exact.
-- (defined in sql/views/revision.sql)

-- view source_comparison: One row per figure, each kind of originator's figures side by side with their reports, and related indicators' figures with the definitional difference: the columns of `figure` under the name earlier releases gave them (query figure, which has more).
--   figure_key VARCHAR: The figure: country | indicator | period | breakdown | unit.
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the figure counts.
--   year_from INTEGER: First year of the figure's period; null for timeless facts.
--   year_to INTEGER: Last year of the figure's period.
--   breakdown VARCHAR: The figure's breakdown as text, or all.
--   unit VARCHAR: Unit of the figure.
--   government VARCHAR: The figures the government produced (original_source_id), each with its report in brackets and "relayed by" whoever passes it on when the document is not the government's own.
--   us_department_of_state VARCHAR: The U.S. State Department's own figures (never a government figure it relays), with their reports.
--   us_embassy VARCHAR: The U.S. Embassy's own figures, with their reports; the government figures a cable relays are in government, marked relayed.
--   media VARCHAR: Figures produced by media, with the reports that relay them.
--   ngo VARCHAR: Figures produced by NGOs, with the reports that relay them.
--   other_originators VARCHAR: Figures of other originators, each with its originator and report (and who relays it).
--   n_claims BIGINT: Number of claims of the figure.
--   n_distinct_values BIGINT: Number of distinct values given (not reported is not a value).
--   is_agreed BOOLEAN: True when every value given is the same one.
--   related_indicator_codes VARCHAR: Indicators declared related to this one.
--   related_figures VARCHAR: Their figures for the same country, period and breakdown. Related, not equal.
--   definition_difference VARCHAR: Why the related indicators' figures need not agree.
-- (defined in sql/views/source_comparison.sql)

-- view stg_claim: One row per claim, enriched once for every view: its report, originator, indicator, unit and category with their labels; its figure (country, indicator, period, breakdown and unit) as one key; its value typed by what it measures; whose figure it is when it is relayed; and the one definition of "reported" every view uses (a value, bounds or a category: not an absence, not a period).
--   claim_id VARCHAR: Stable identifier of the claim (<report_id>:<slug>).
--   report_id VARCHAR: The document the quote comes from.
--   report_title VARCHAR: Title of that document.
--   report_kind VARCHAR: Kind of that document (tip_report, government_report, diplomatic_cable).
--   publisher VARCHAR: Who published that document.
--   published_year INTEGER: Year that document was published.
--   source_id VARCHAR: Who the document says the figure comes from.
--   source_name VARCHAR: Name of that originator.
--   source_kind VARCHAR: Kind of that originator (government, us_department_of_state, us_embassy, media, ngo, intergovernmental, observers, official).
--   original_source_id VARCHAR: Whose figure it is: the originator of the claim it restates, else the originator it is relayed from (restated_source_id), else source_id.
--   is_own_publication BOOLEAN: True when the originator published the figure itself (a government figure in the government's report, a State Department figure in a TIP Report, an embassy figure in its cable).
--   is_restatement BOOLEAN: True when the claim repeats a claim stated first elsewhere in the corpus (restates_claim_id): a restatement is never a second, independent source. A figure the document relays from another originator is is_relayed, not a restatement.
--   restates_claim_id VARCHAR: The claim of the corpus this one restates, if any.
--   restated_source_id VARCHAR: The originator this claim relays, when its own publication is not in the corpus and source_id is not that originator.
--   restatement_change VARCHAR: How the restatement differs from the claim it restates, if it does.
--   indicator_code VARCHAR: What the figure counts or measures.
--   indicator_label VARCHAR: Human-readable name of the indicator.
--   pillar VARCHAR: Area of work of the indicator (prosecution, protection, prevention, legal_framework, context).
--   country_iso3 VARCHAR: ISO alpha-3 code of the country the figure is about.
--   year_from INTEGER: First calendar year the figure refers to; null for a timeless fact.
--   year_to INTEGER: Last calendar year the figure refers to; equal to year_from for an annual figure.
--   period VARCHAR: The period as text: 2017, 2005-2021, or timeless.
--   sex VARCHAR: Breakdown by sex, or all.
--   age_band VARCHAR: Breakdown by age band, or all.
--   exploitation_form VARCHAR: Breakdown by form of exploitation, or all.
--   citizenship VARCHAR: Breakdown by citizenship, or all.
--   destination_iso3 VARCHAR: Breakdown by destination country, or all.
--   origin_iso3 VARCHAR: Breakdown by country of origin (citizenship), or all.
--   category VARCHAR: What exactly is counted within the indicator (an offence, a provision of the law, a referring body), or all.
--   breakdown VARCHAR: The non-all breakdowns and category as text (e.g. sex=female, exploitation_form=sexual), or all.
--   unit VARCHAR: Unit of the figure (a count noun, an ISO 4217 currency, a duration, percent, tier).
--   unit_kind VARCHAR: Kind of the unit: count, currency, duration, percent or rank (a category unit).
--   figure_key VARCHAR: The figure the claim is about, as one text: country | indicator | period | breakdown | unit. Claims with the same figure_key are about the same figure.
--   qualifier VARCHAR: How the figure is stated: exact, approximate, at_least, more_than, at_most, less_than, range, category, not_reported (an absence, not a zero) or period (the fact is the period itself).
--   is_figure BOOLEAN: False for period claims (an action plan's years): they state no figure.
--   is_reported BOOLEAN: True when the claim gives a figure: a value, bounds or a category. False for not_reported claims (an absence, not a zero) and period claims. The one definition every view uses.
--   value BIGINT: The figure when it is a count (unit kind count): a whole number (for a bound such as "at least 38", the bound: see qualifier). Null for other units, ranges, absences and categories.
--   value_low BIGINT: Lower bound of a count (a range's low end, at_least, more_than).
--   value_high BIGINT: Upper bound of a count (a range's high end, at_most, less_than).
--   amount DECIMAL(20,4): The figure when it is not a count (money, a percentage, a duration), exact (for a bound, the bound). Null for counts, ranges, absences and categories.
--   amount_low DECIMAL(20,4): Lower bound of such a figure.
--   amount_high DECIMAL(20,4): Upper bound of such a figure.
--   value_category VARCHAR: For a category (a tier placement), its code; null otherwise.
--   category_label VARCHAR: The category's label (e.g. Tier 2 Watch List).
--   category_rank INTEGER: The category's order within its unit (1 first).
--   value_key VARCHAR: The figure as comparable text: the value, low-high for a range, or the category; null when not reported. Two claims of one figure disagree when their value_key differ.
--   figure_text VARCHAR: The figure as a reader would say it, with its unit: 91 persons, 1 person, about 700 AZN, at least 36 persons, 5-10 years, Tier 2 Watch List, not reported.
--   value_label VARCHAR: The category or wording as the quote states it, where there is one.
--   value_text VARCHAR: The words or digits of the quote the value was read from.
--   same_amount_as_claim_id VARCHAR: The same amount in another currency, if any (the conversion points at the original).
--   part_of_claim_id VARCHAR: The total this claim is a part of (a declared breakdown), if any.
--   is_low_confidence BOOLEAN: True when the curator could not read the figure with certainty.
--   confidence_reason VARCHAR: Why the claim is low-confidence.
--   judgement VARCHAR: The curator's judgement: likely_error or preferred; null when none.
--   judgement_reason VARCHAR: Why the curator judged so.
--   quote VARCHAR: The verbatim text the figure is read from.
--   quote_start INTEGER: Character offset of the quote in the document.
--   quote_end INTEGER: Character offset just after the quote.
--   context_before VARCHAR: Document text just before the quote.
--   context_after VARCHAR: Document text just after the quote.
--   note VARCHAR: The curator's note.
--   seed_file VARCHAR: The claims file the claim was curated in.
--   attribution_reason VARCHAR: Why source_id is not the originator the sentence names, in the curator's words; null when they agree.
--   period_basis VARCHAR: The kind of period the sentence says the figure counts: calendar_year, reporting_period (a TIP report's April-March period), or unstated.
--   implied_by_claim_id VARCHAR: The claim whose sentence implies this one without stating it (a tier placement implied by "fifth consecutive year"); null for a stated claim.
--   original_source_name VARCHAR: Name of the originator whose figure it is (original_source_id).
--   is_relayed BOOLEAN: True when the document relays another originator's figure: its publisher is not the originator (a government figure in a TIP Report or an embassy cable, a media figure in a TIP Report). A relay is never a second originator.
--   relayed_by VARCHAR: Who relayed the figure (the document's publisher) when is_relayed; null when the originator published it itself.
--   is_implied BOOLEAN: True for a claim implied, not stated, by another claim's sentence: a derived fact, never a second originator.
-- (defined in sql/views/stg_claim.sql)

-- view stg_figure_value: One row per value a figure has: every claim that states the figure (or says it was not reported), and every figure the documents imply without stating it, derived from a declared breakdown that has no stated total (the sum of complete parts, or, where nothing better is known, a lower bound from partial ones). Amounts a document converts into another currency count once: the conversion (the claim with same_amount_as) is not a value of its own, its original carries it. Period claims (action plans) are not figures. The reconciliation views start from here.
--   member_id VARCHAR: The claim id, or derived:<sum_id> for a derived figure.
--   claim_id VARCHAR: The claim; null for a derived figure.
--   is_derived BOOLEAN: True for a figure the documents imply but do not state (see derived_rule).
--   derived_rule VARCHAR: How a derived figure follows from its parts: total of a complete breakdown, or lower bound from a partial breakdown; null for a claim.
--   part_claim_ids VARCHAR: For a derived figure, the claims it is derived from, comma-separated.
--   part_source_ids VARCHAR: For a derived figure, its parts' originators, comma-separated (source_id is null when they are more than one).
--   figure_key VARCHAR: The figure: country | indicator | period | breakdown | unit.
--   country_iso3 VARCHAR: Country the figure is about.
--   indicator_code VARCHAR: What the figure counts.
--   year_from INTEGER: First year of the figure's period; null for timeless facts.
--   year_to INTEGER: Last year of the figure's period.
--   period VARCHAR: The period as text.
--   breakdown VARCHAR: The figure's breakdown as text, or all.
--   sex VARCHAR: Breakdown by sex, or all.
--   age_band VARCHAR: Breakdown by age band, or all.
--   exploitation_form VARCHAR: Breakdown by form of exploitation, or all.
--   citizenship VARCHAR: Breakdown by citizenship, or all.
--   destination_iso3 VARCHAR: Breakdown by destination country, or all.
--   origin_iso3 VARCHAR: Breakdown by country of origin, or all.
--   category VARCHAR: What exactly is counted within the indicator, or all.
--   unit VARCHAR: Unit of the figure.
--   unit_kind VARCHAR: Kind of the unit (count, currency, duration, percent, rank).
--   report_id VARCHAR: The document the value comes from (a derived figure's parts' document).
--   publisher VARCHAR: Who published it.
--   published_year INTEGER: When.
--   source_id VARCHAR: Who states the value (for a derived figure, its parts' originator when they share one).
--   source_kind VARCHAR: Kind of that originator.
--   original_source_id VARCHAR: Whose figure the value is (following restatements).
--   is_own_publication BOOLEAN: True when the originator published the value itself.
--   is_restatement BOOLEAN: True when the value repeats a claim stated first elsewhere in the corpus (restates_claim_id; never a second source).
--   is_relayed BOOLEAN: True when the value's document relays another originator's figure (its publisher is not the originator); never a second originator.
--   relayed_by VARCHAR: Who relayed it (the document's publisher) when is_relayed; null otherwise and for a derived figure.
--   period_basis VARCHAR: The kind of period the claim's sentence states (calendar_year, reporting_period or unstated); null for a derived figure.
--   restates_claim_id VARCHAR: The claim this value restates, if any.
--   qualifier VARCHAR: How the value is stated (exact, approximate, at_least, ..., range, category, not_reported).
--   is_reported BOOLEAN: True when the member gives a value (not an absence).
--   value_number DECIMAL(20,4): The value as an exact decimal (any unit); null for ranges, absences and categories.
--   low_number DECIMAL(20,4): The lower bound as an exact decimal (a range's low end, at_least, more_than).
--   high_number DECIMAL(20,4): The upper bound as an exact decimal (a range's high end, at_most, less_than).
--   value_key VARCHAR: The value as comparable text; null when not reported.
--   figure_text VARCHAR: The value as a reader would say it, with its unit.
--   value_category VARCHAR: For a category, its code.
--   is_low_confidence BOOLEAN: True when the curator could not read the value with certainty (or, derived, a part could not be).
--   judgement VARCHAR: The curator's judgement of the claim (likely_error, preferred), if any.
--   judgement_reason VARCHAR: Why.
--   other_currency VARCHAR: For an amount also stated in another currency (its conversion), that currency.
--   other_currency_amount DECIMAL(20,4): The amount in that currency.
--   other_currency_claim_id VARCHAR: The claim with that amount.
--   figure_n_claims BIGINT: How many claims (not derived values) the member's figure has, reported or not.
--   figure_n_independent_originators BIGINT: How many distinct original originators give the figure a value (a derived value counts as its parts' originators: one when they share one, each of them when they do not; never none).
--   figure_n_distinct_values BIGINT: How many distinct values the figure has.
-- (defined in sql/views/stg_figure_value.sql)

-- view stg_sum: One row per sum the seeds declare (a total and its parts, or parts without a stated total): its parts' values added up, and the figure the whole is about. Read by consistency_check and by stg_figure_value, which derives the totals the documents imply but do not state.
--   sum_id VARCHAR: The declared sum (<report_id>:<slug>).
--   report_id VARCHAR: The document whose figures these are.
--   seed_file VARCHAR: The claims file the sum is declared in.
--   kind VARCHAR: breakdown (the parts are the total's indicator broken down) or across_indicators (other indicators that add up to the total).
--   dimension VARCHAR: For a breakdown: the breakdown column(s) the parts divide the whole by; null across indicators.
--   is_complete BOOLEAN: True when the parts cover the whole; false when only some of it (their sum is a lower bound).
--   evidence VARCHAR: The document's words that show the parts are complete.
--   reason VARCHAR: Why the parts do not cover the whole, or anything a reader should know.
--   total_claim_id VARCHAR: The claim of the stated total; null when the document states none.
--   total_qualifier VARCHAR: How the total is stated (exact, approximate, ...); null without a total.
--   total_value DECIMAL(20,4): The total's value (or lower bound); null without a total or without a value.
--   country_iso3 VARCHAR: Country of the whole.
--   indicator_code VARCHAR: Indicator of the whole (the total's, or the parts' for a breakdown without a total).
--   year_from INTEGER: First year of the whole's period.
--   year_to INTEGER: Last year of the whole's period.
--   breakdown VARCHAR: Breakdown of the whole as text (the total's, or the parts' shared breakdown without the dimension), or all.
--   sex VARCHAR: The whole's breakdown by sex, or all.
--   age_band VARCHAR: The whole's breakdown by age band, or all.
--   exploitation_form VARCHAR: The whole's breakdown by form of exploitation, or all.
--   citizenship VARCHAR: The whole's breakdown by citizenship, or all.
--   destination_iso3 VARCHAR: The whole's breakdown by destination country, or all.
--   origin_iso3 VARCHAR: The whole's breakdown by country of origin, or all.
--   category VARCHAR: The whole's category, or all.
--   unit VARCHAR: Unit of the whole.
--   figure_key VARCHAR: The figure the whole is about (country | indicator | period | breakdown | unit).
--   n_parts BIGINT: Number of parts.
--   n_valued_parts BIGINT: Number of parts that give a value (exact or a bound), not an absence.
--   n_exact_parts BIGINT: Number of parts that give an exact value.
--   parts_sum DECIMAL(20,4): The sum of the parts' values (or lower bounds) that have one.
--   has_low_confidence_part BOOLEAN: True when a part is low-confidence (e.g. chart values read with uncertainty).
--   part_claim_ids VARCHAR: The parts' claims, comma-separated in claim id order.
--   parts VARCHAR: Each part with its breakdown (or indicator) and figure.
--   source_id VARCHAR: The parts' originator (whose figures they are, following relays and restatements) when they share one; null when they differ.
--   part_source_ids VARCHAR: The parts' originators (whose figures they are), comma-separated (one id when they share one).
-- (defined in sql/views/stg_sum.sql)

-- view term: One row per code a table or view shows a reader (a verdict, a kind of conflict, a consistency result, a caveat, a coverage state, a curator's judgement, a qualifier, a breakdown's dimension, a kind of document, source or period): its plain label and what it means in a sentence a reporter can repeat. The evidence site shows every code through its label and explains every badge with it (its glossary page is this view); a check (assert_codes_have_terms) fails the build when a view shows a code this view does not name.
--   field VARCHAR: Where the code is shown: a column (conflict_kind, verdict, coverage, result, sum_kind, judgement, qualifier, period_basis, report_kind, source_kind, pillar, dimension, basis) or caveat (the badges a value carries).
--   code VARCHAR: The code as the database stores it.
--   label VARCHAR: Its plain label, as a page shows it.
--   explanation VARCHAR: What it means, in one or two sentences.
--   sort_order INTEGER: Order of the codes within their field (the glossary's order).
-- (defined in sql/views/term.sql)
