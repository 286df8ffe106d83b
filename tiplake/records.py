"""The seed records: what a curator writes, typed and strict.

In:  parsed YAML mappings (seeds.py reads the files).
Out: pydantic models, one per kind of record; unknown fields, missing fields and wrong types
     are refused (seeds.py turns each refusal into a `Problem`). Enumerations and patterns come
     from limits.py, the one place they are written.

The tables these records fill are declared in tables.py, which says for every column the field
(or fields) of a model it comes from, and where each field that fills no column goes
(`PolicySeed.source_kind_order`, `SumSeed.parts`); tests/test_declarations.py checks the models
against it, so a field added here and not there (or a column there and not here) fails a test.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from tiplake import limits

Slug = Annotated[str, StringConstraints(pattern=f"^({limits.SLUG})$")]
# A claim, by its slug in the same file or its claim id (<report_id>:<slug>) in another.
ClaimRef = Annotated[str, StringConstraints(pattern=f"^(({limits.SLUG}):)?({limits.SLUG})$")]
Code = Annotated[str, StringConstraints(pattern=f"^({limits.CODE})$")]
Iso3 = Annotated[str, StringConstraints(pattern=f"^({limits.ISO3})$")]
Text = Annotated[str, StringConstraints(min_length=1)]
Number = int | float


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ReportSeed(Strict):
    report_id: Slug
    file: Text
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    title: Text
    kind: Literal[limits.REPORT_KINDS]
    publisher: Text
    published_year: int
    published_on: Annotated[date | None, Field(strict=False)] = None
    released_on: Annotated[date | None, Field(strict=False)] = None
    period_start_on: Annotated[date | None, Field(strict=False)] = None
    period_end_on: Annotated[date | None, Field(strict=False)] = None
    country_iso3: Iso3
    identifier: str | None = None
    citation: Text
    # The document's own status, as known to the curators (the build fetches nothing): its
    # public address, what that address points at when it is not the document itself (or why
    # there is none), and its license (rules report-url and report-license).
    url: Text | None = None
    url_note: Text | None = None
    license: Text | None = None
    license_note: Text | None = None


class IndicatorSeed(Strict):
    indicator_code: Code
    label: Text
    unit: Text
    pillar: Literal[limits.PILLARS]
    definition: Text
    unodc_equivalent: str | None = None
    sdg_equivalent: str | None = None
    allows_future_period: bool = False


SourceKind = Literal[limits.SOURCE_KINDS]


class SourceSeed(Strict):
    source_id: Code
    name: Text
    kind: SourceKind
    description: Text


class IndicatorRelationSeed(Strict):
    indicator_code: Code
    related_indicator_code: Code
    relation: Literal[limits.RELATIONS]
    reason: Text


class PolicySeed(Strict):
    policy_id: Code
    label: Text
    description: Text
    is_default: bool
    prefer_own_publication: bool
    prefer_latest: bool
    source_kind_order: list[SourceKind]


class UnitSeed(Strict):
    unit: Annotated[str, StringConstraints(pattern=f"^({limits.UNIT_NAME})$")]
    kind: Literal[limits.UNIT_KINDS]
    label: Text


Qualifier = Literal[limits.QUALIFIERS]


class ClaimSeed(Strict):
    """One curated figure as a curator writes it (see seeds/README.md)."""

    id: Slug
    indicator_code: Code
    source_id: Code
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    value: Number | None = None
    value_low: Number | None = None
    value_high: Number | None = None
    qualifier: Qualifier = "exact"
    unit: str | None = None
    value_category: Code | None = None
    value_label: str | None = None
    value_text: Text | None = None
    country_iso3: Iso3 | None = None
    sex: Literal[limits.SEXES] = "all"
    age_band: Annotated[str, StringConstraints(pattern=f"^({limits.AGE_BAND})$")] = "all"
    exploitation_form: Literal[limits.EXPLOITATION_FORMS] = "all"
    citizenship: Literal[limits.CITIZENSHIPS] = "all"
    destination_iso3: Annotated[str, StringConstraints(pattern=f"^({limits.COUNTRY_OR_ALL})$")] = (
        "all"
    )
    origin_iso3: Annotated[str, StringConstraints(pattern=f"^({limits.COUNTRY_OR_ALL})$")] = "all"
    category: Slug = "all"
    same_amount_as: Slug | None = None
    restates: ClaimRef | None = None
    restated_from: Code | None = None
    restatement_change: Text | None = None
    quote: Text
    occurrence: Annotated[int, Field(ge=1)] | None = None
    low_confidence_reason: Text | None = None
    judgement: Literal[limits.JUDGEMENTS] | None = None
    judgement_reason: Text | None = None
    note: Text | None = None
    # Issue 28: why source_id is not the originator the sentence names (attribution-wording);
    # the kind of period the sentence states; the claim whose sentence implies this one.
    attribution_reason: Text | None = None
    period_basis: Literal[limits.PERIOD_BASES] | None = None
    implied_by: ClaimRef | None = None


class SumSeed(Strict):
    """Figures that add up: a total (when the document states one) and its parts, which cover
    the whole (`complete`, with the document's words that say so) or only some of it (with
    the reason). The parts are the total's indicator broken down, or other indicators that
    sum to it (cases opened = cases under investigation + cases sent to court)."""

    id: Slug
    total: Slug | None = None
    parts: Annotated[list[Slug], Field(min_length=1)]
    complete: bool
    evidence: Text | None = None
    occurrence: Annotated[int, Field(ge=1)] | None = None
    reason: Text | None = None


class SkipSeed(Strict):
    """Numbers of a document that are not figures: inside `quote`, or from `from` to `to`."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)

    quote: Text | None = None
    from_: Annotated[Text | None, Field(alias="from")] = None
    to: Text | None = None
    occurrence: Annotated[int, Field(ge=1)] | None = None
    every: bool = False
    reason: Text


class SkipFileSeed(Strict):
    report_id: Slug
    skips: list[dict[str, Any]]


class ClaimFileSeed(Strict):
    report_id: Slug
    claims: list[dict[str, Any]]
    sums: list[dict[str, Any]] = []


class CategorySeed(Strict):
    """A value a category unit can take (a tier), its label and its order."""

    category: Code
    unit: Annotated[str, StringConstraints(pattern=f"^({limits.UNIT_NAME})$")]
    label: Text
    rank: int | None = None
    description: Text
