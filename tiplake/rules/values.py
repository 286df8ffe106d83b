"""Values: a claim's numbers have the shape its qualifier needs and fit the claim table.

Rules: qualifier-shape, value-precision (DECIMAL(20, 4), never rounded), negative-value,
count-not-whole. Whether the quote states them is readback.py's.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from tiplake import limits
from tiplake.rules.base import ClaimCheck, claim_rule, to_decimal
from tiplake.rules.registry import COUNT_NOT_WHOLE, NEGATIVE_VALUE, QUALIFIER_SHAPE, VALUE_PRECISION


@claim_rule(QUALIFIER_SHAPE)
def qualifier_shape(c: ClaimCheck) -> Iterator[str]:
    if c.shape:
        yield c.shape
    elif c.seed.value_text is not None and not c.wanted and c.seed.qualifier != "not_reported":
        yield f"a {c.seed.qualifier} claim has no value_text"


def _numbers(c: ClaimCheck) -> Iterator[tuple[str, Decimal, Any]]:
    for name in ("value", "value_low", "value_high"):
        raw = getattr(c.seed, name)
        if raw is not None:
            yield name, to_decimal(raw), raw


def precision_problem(number: Decimal) -> str | None:
    """Why DECIMAL(20, 4) cannot hold `number` exactly, or None."""
    if not number.is_finite():
        return "not a finite number"
    _sign, digits, exponent = number.normalize().as_tuple()
    if exponent < -limits.MAX_DECIMALS:
        return (
            f"more than {limits.MAX_DECIMALS} decimals; the database keeps "
            f"{limits.MAX_DECIMALS} and would round it"
        )
    if len(digits) + exponent > limits.MAX_INTEGER_DIGITS:
        return f"more than {limits.MAX_INTEGER_DIGITS} digits before the decimal point"
    return None


@claim_rule(VALUE_PRECISION)
def precise(c: ClaimCheck) -> Iterator[str]:
    for name, number, raw in _numbers(c):
        problem = precision_problem(number)
        if problem:
            yield f"{name} {raw}: {problem}"


@claim_rule(NEGATIVE_VALUE)
def not_negative(c: ClaimCheck) -> Iterator[str]:
    for name, number, _raw in _numbers(c):
        if (
            precision_problem(number) is None
            and number < 0
            and not c.seed.indicator_code.endswith("_change")
        ):
            yield (
                f"{name} {number} is negative; only an indicator of a change (code ending "
                "_change) has negative values. Curate the figure as the document states it, "
                "with an indicator that fits it"
            )


@claim_rule(COUNT_NOT_WHOLE)
def whole_count(c: ClaimCheck) -> Iterator[str]:
    if c.unit_kind != "count":
        return
    for name, number, raw in _numbers(c):
        if precision_problem(number) is None and number != number.to_integral_value():
            yield f"{name} {raw} is not a whole number of {c.unit}"
