"""References and vocabularies: every code a record names is defined, once.

Rules: unknown-indicator, unknown-source, unknown-unit (a claim's, an indicator's, a
category's), duplicate-id (a vocabulary entry, a relation, a policy's source kinds; `unique`),
policy-default. A claims file's unknown report is validate.py's; a claim id defined twice and
links between claims are links.py's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tiplake.problems import Problem
from tiplake.rules.base import ClaimCheck, claim_rule, problem_at
from tiplake.rules.registry import (
    DUPLICATE_ID,
    POLICY_DEFAULT,
    UNKNOWN_INDICATOR,
    UNKNOWN_SOURCE,
    UNKNOWN_UNIT,
)

if TYPE_CHECKING:
    from tiplake.seedyaml import Located


@claim_rule(UNKNOWN_INDICATOR)
def indicator_known(c: ClaimCheck) -> Iterator[str]:
    if c.indicator is None:
        yield f"indicator {c.seed.indicator_code!r} is not in vocab/indicators.yaml"


@claim_rule(UNKNOWN_SOURCE)
def source_known(c: ClaimCheck) -> Iterator[str]:
    if c.seed.source_id not in c.vocab.sources:
        yield f"source {c.seed.source_id!r} is not in vocab/sources.yaml"


@claim_rule(UNKNOWN_SOURCE)
def relayed_source_known(c: ClaimCheck) -> Iterator[str]:
    if c.seed.restated_from is not None and c.seed.restated_from not in c.vocab.sources:
        yield f"restated_from {c.seed.restated_from!r} is not in vocab/sources.yaml"


@claim_rule(UNKNOWN_UNIT)
def unit_known(c: ClaimCheck) -> Iterator[str]:
    if c.unit is not None and c.unit not in c.vocab.units:
        yield f"unit {c.unit!r} is not in vocab/units.yaml"


def unique(items: list[Located], key: str, what: str, problems: list[Problem]) -> dict:
    """The records by id, with a duplicate-id problem for each id defined twice."""
    out = {}
    for item in items:
        k = getattr(item.record, key)
        if k in out:
            problems.append(problem_at(item, k, DUPLICATE_ID, f"{what} {k!r} is defined twice"))
        else:
            out[k] = item
    return out


def check_indicator_units(indicators: dict[str, Located], units: dict) -> list[Problem]:
    return [
        problem_at(loc, code, UNKNOWN_UNIT, f"unit {loc.record.unit!r} is not in vocab/units.yaml")
        for code, loc in indicators.items()
        if loc.record.unit not in units
    ]


def check_categories(categories: dict[str, Located], units: dict[str, Located]) -> list[Problem]:
    """Each category belongs to a known unit of kind rank (a category unit)."""
    return [
        problem_at(
            loc,
            code,
            UNKNOWN_UNIT,
            f"unit {loc.record.unit!r} of category {code} is not a category unit (kind rank) of vocab/units.yaml",
        )
        for code, loc in categories.items()
        if loc.record.unit not in units or units[loc.record.unit].record.kind != "rank"
    ]


def check_relations(relations: list[Located], indicators: dict) -> list[Problem]:
    problems, seen = [], set()
    for loc in relations:
        r = loc.record
        name = f"{r.indicator_code} ~ {r.related_indicator_code}"
        for code in (r.indicator_code, r.related_indicator_code):
            if code not in indicators:
                problems.append(
                    problem_at(
                        loc,
                        name,
                        UNKNOWN_INDICATOR,
                        f"indicator {code!r} is not in vocab/indicators*.yaml",
                    )
                )
        key = frozenset((r.indicator_code, r.related_indicator_code))
        if key in seen or len(key) == 1:
            problems.append(
                problem_at(
                    loc, name, DUPLICATE_ID, "a relation links two different indicators, once"
                )
            )
        seen.add(key)
    return problems


def check_policies(policies: dict[str, Located]) -> list[Problem]:
    problems = []
    defaults = [p for p, loc in policies.items() if loc.record.is_default]
    if policies and len(defaults) != 1:
        loc = next(iter(policies.values()))
        problems.append(
            POLICY_DEFAULT.problem(
                loc.file, "-", f"exactly one policy is the default; found {defaults}"
            )
        )
    for policy_id, loc in policies.items():
        order = loc.record.source_kind_order
        if len(set(order)) != len(order):
            problems.append(
                problem_at(loc, policy_id, DUPLICATE_ID, "a source kind is listed twice")
            )
    return problems
