"""Categories: a figure in a category unit (a tier) is a category the quote states.

Rules: category-value (a category, never a number, and only in a category unit),
category-not-in-quote (value_category is the label the words say, read whole, longest first).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tiplake.rules.base import ClaimCheck, claim_rule
from tiplake.rules.registry import CATEGORY_NOT_IN_QUOTE, CATEGORY_VALUE


@claim_rule(CATEGORY_VALUE)
def category(c: ClaimCheck) -> Iterator[str]:
    s = c.seed
    if c.unit_kind is None:
        return
    if c.unit_kind != "rank":
        if s.qualifier == "category" or s.value_category is not None:
            yield f"only a figure in a category unit (a tier) has a category; {c.unit} is not one"
        return
    known = sorted(k for k, loc in c.vocab.categories.items() if loc.record.unit == c.unit)
    if s.qualifier != "category":
        yield (
            f"a figure in {c.unit} is a category, never a number: give qualifier: category, "
            f"value_category (one of {', '.join(known)}) and value_label, and no value"
        )
    elif s.value_category is None:
        yield f"give value_category: one of {', '.join(known)}"
    elif s.value_category not in known:
        yield (
            f"value_category {s.value_category!r} is not a category of {c.unit} in "
            f"vocab/categories.yaml ({', '.join(known)})"
        )
    elif s.value_label is None:
        yield "give value_label: the category as the quote writes it"


def category_labels(quote: str, labels: dict[str, str]) -> list[tuple[str, str]]:
    """The categories whose labels `quote` states, read whole and longest first ("Tier 2 Watch
    List" is tier_2_watch_list, never also tier_2): (category, the words), in order."""
    if not labels:
        return []
    by_label = {" ".join(label.lower().split()): k for k, label in labels.items()}
    pattern = re.compile(
        r"(?<!\w)(?:"
        + "|".join(
            r"\s+".join(re.escape(w) for w in label.split())
            for label in sorted(by_label, key=len, reverse=True)
        )
        + r")(?!\w)",
        re.IGNORECASE,
    )
    return [
        (by_label[" ".join(m.group(0).lower().split())], m.group(0))
        for m in pattern.finditer(quote)
    ]


@claim_rule(CATEGORY_NOT_IN_QUOTE)
def category_read_back(c: ClaimCheck) -> Iterator[str]:
    s = c.seed
    if c.unit_kind != "rank" or s.qualifier != "category" or s.value_category is None:
        return
    labels = {
        k: loc.record.label for k, loc in c.vocab.categories.items() if loc.record.unit == c.unit
    }
    if s.value_category not in labels:
        return  # category-value says so
    if s.value_label is not None:
        named = [k for k, _w in category_labels(s.value_label, labels)]
        if named and (len(named) > 1 or named[0] != s.value_category):
            yield (
                f'value_label: "{s.value_label}" is the label of {", ".join(named)}, the claim '
                f"says value_category {s.value_category} ({labels[s.value_category]})"
            )
    stated = category_labels(s.quote, labels)
    if stated and s.value_category not in {k for k, _w in stated}:
        said = ", ".join(f'"{w}" ({k})' for k, w in stated)
        yield f"value_category: the quote says {said}, the claim says {s.value_category}"
