"""Periods: the years a claim is about, as given and as the quote states them.

Rules: period-order, year-out-of-range, year-after-publication (the period against the
report's publication), period-not-in-quote (a period claim's years in its quote), period-basis
("reporting period" in the quote and period_basis agree). The manifest's years are reports.py's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from tiplake.numbers import find_numbers
from tiplake.rules.base import ClaimCheck, claim_rule, in_years, year_message
from tiplake.rules.registry import (
    PERIOD_BASIS,
    PERIOD_NOT_IN_QUOTE,
    PERIOD_ORDER,
    YEAR_AFTER_PUBLICATION,
    YEAR_OUT_OF_RANGE,
)


@claim_rule(PERIOD_ORDER)
def period_in_order(c: ClaimCheck) -> Iterator[str]:
    y_from, y_to, wrong = c.period
    if wrong:
        yield wrong
    elif y_from is not None and y_from > y_to:
        yield f"year_from {y_from} is after year_to {y_to}"


@claim_rule(YEAR_OUT_OF_RANGE)
def years_held(c: ClaimCheck) -> Iterator[str]:
    outside = [y for y in c.period[:2] if y is not None and not in_years(y)]
    if outside:
        yield year_message(outside[0])


@claim_rule(YEAR_AFTER_PUBLICATION)
def years_published(c: ClaimCheck) -> Iterator[str]:
    y_from, y_to, _ = c.period
    if c.report is None or y_from is None or not in_years(y_from) or not in_years(y_to):
        return
    published = c.report.published_year
    future_ok = c.indicator is not None and c.indicator.allows_future_period
    late = [y for y in ([y_from] if future_ok else [y_from, y_to]) if y > published]
    if late:
        yield f"year {late[0]} is after the report's publication ({published})"


@claim_rule(PERIOD_NOT_IN_QUOTE)
def period_stated(c: ClaimCheck) -> Iterator[str]:
    if c.seed.qualifier != "period" or c.unit_kind is None or c.shape:
        return
    years = {m.value for m in find_numbers(c.seed.quote) if m.kind == "digits"}
    y_from, y_to, _ = c.period
    missing = [y for y in {y_from, y_to} if y is not None and Decimal(y) not in years]
    if missing:
        yield f"the period's years {sorted(missing)} are not stated in the quote"


# A figure the TIP report states for its reporting period ("met twice during the reporting
# period"); "the previous reporting period" compares efforts and is not a figure's period.
_REPORTING_PERIOD = re.compile(r"\b(?:the|this|that|current) reporting period\b", re.I)


@claim_rule(PERIOD_BASIS)
def period_basis(c: ClaimCheck) -> Iterator[str]:
    s = c.seed
    if s.period_basis == "reporting_period" and "reporting period" not in s.quote.lower():
        yield (
            'period_basis: reporting_period, but the quote does not say "reporting period": '
            "quote the words that say it, or leave period_basis out"
        )
    found = _REPORTING_PERIOD.search(c.value_words)
    if found and s.period_basis != "reporting_period":
        where = "value_text" if s.value_text is not None else "quote"
        yield (
            f"the {where} says {found.group(0)!r}, the claim says period_basis: "
            f"{s.period_basis or '(none)'}: set period_basis: reporting_period"
        )
