"""Attribution: whose figure a claim is, as its sentence says (issue 28's convention).

Rules: restatement-shape (restates or restated_from, not both), attribution-wording (the
originator the sentence names is the claim's source_id or restated_from, or
attribution_reason says why not), implied-source (a tier placement for another year than its
edition's has implied_by). That restates and implied_by name claims that agree is links.py's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tiplake.numbers import ZERO_RE
from tiplake.rules.base import ClaimCheck, claim_rule
from tiplake.rules.registry import ATTRIBUTION_WORDING, IMPLIED_SOURCE, RESTATEMENT_SHAPE


@claim_rule(RESTATEMENT_SHAPE)
def restatement_shape(c: ClaimCheck) -> Iterator[str]:
    s = c.seed
    if s.restates is not None and s.restated_from is not None:
        yield "give restates (a claim of the corpus) or restated_from (an originator), not both"
    if s.restatement_change is not None and s.restates is None:
        yield "restatement_change says how a restatement differs from the claim it restates: give restates"
    if s.restates is not None and c.restated_id == c.claim_id:
        yield "a claim does not restate itself"


# --- who the sentence says produced the figure (issue 28's convention, seeds/README.md) -----------
#
# The wording the rule reads, and the originator each names. A REPORTER ("media reported the
# government identified 91 victims") names who gave the figure, and wins over the actor it
# reports on; otherwise a GOVERNMENT ACTOR ("the government identified", "law enforcement
# investigated", "courts convicted", "the MIA recognized") names gov_aze. Kept short and
# literal on purpose: a phrase is listed only where it names an originator in every sentence
# of the corpus that uses it (no "officials", "judges" or "civil society referred": the first
# is also the object of "complicit officials", the others are actors the convention does not
# map). A hyphenated compound is not an actor ("government-funded NGO", "MIA-run shelter").
_ALSO = r"\s+(?:also\s+|further\s+)?"
_REPORTERS: tuple[tuple[re.Pattern, str, str], ...] = (
    # (wording, source_id, how the message names it)
    (
        re.compile(
            r"\bmedia" + _ALSO + r"(?:reported|reports)\b|\baccording to (?:the )?media\b", re.I
        ),
        "media",
        "media",
    ),
    (
        re.compile(
            r"\bNGOs?" + _ALSO + r"(?:reported|estimated|stated|claimed|noted)\b"
            r"|\bcivil society" + _ALSO + r"(?:reported|estimated|stated|noted)\b"
            r"|\baccording to (?:an? |the )?NGOs?\b",
            re.I,
        ),
        "ngos",
        "NGOs",
    ),
    (
        re.compile(
            r"\bobservers"
            + _ALSO
            + r"(?:reported|estimated|stated|noted)\b|\baccording to observers\b",
            re.I,
        ),
        "observers",
        "observers",
    ),
    (re.compile(r"\bGRETA\b"), "greta", "GRETA"),
)
_NOT_COMPOUND = r"(?![-\u2010\u2011\w])"
_GOVERNMENT = re.compile(
    r"(?i:\bthe government\b|\bgovernment officials\b|\bGovernment of Azerbaijan\b"
    r"|\bauthorities\b|\blaw enforcement\b|\bcourts\b|\bpolice\b|\bMinistry of\b"
    r"|\bState Migration Service\b)" + _NOT_COMPOUND + r"|\b(?:GOAJ|MIA|ATD|SMS)\b" + _NOT_COMPOUND
)
# The government family: a wording that names the government is met by these source kinds
# (gov_aze, and an official modelled apart from it, such as cable-09baku141's shelter director).
GOVERNMENT_KINDS = ("government", "official")
# An actor is the subject or the agent ("identified by the government"), not the object of
# another preposition ("referred ... to ATD", "cooperation with law enforcement") or of a verb
# ("victims who assisted the GOAJ", "provided law enforcement authorities with training").
_OBJECT = re.compile(
    r"\b(?:to|from|with|for|of|at|against|on|in|into|about|among|toward|towards|\w+ed)\s+(?:the\s+)?$",
    re.I,
)
# The end of a sentence inside a quote: the originator named before it is not this sentence's.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s+(?=[A-Z(\"“])")


def _value_position(c: ClaimCheck) -> int | None:
    """Where in the quote the claim's value is stated: its first number (or the negation that
    states a zero, or the category's label); in value_text, at value_text's place in the quote.
    The whole quote when the claim has no value (not_reported, period). None when value_text is
    not in the quote (value-text-not-in-quote says so)."""
    s = c.seed
    base = 0
    if s.value_text is not None:
        base = c.value_text_at
        if base is None:
            return None
    if s.qualifier == "category" and s.value_label and s.value_label in s.quote:
        return s.quote.find(s.value_label)
    if not c.wanted or c.unit_kind is None or c.shape is not None:
        return base if s.value_text is not None else len(s.quote)
    starts = [m.start for _v, m, _same in c.readings if m is not None]
    if not starts and any(v == 0 for v in c.wanted):
        zero = ZERO_RE.search(c.value_words)
        if zero is not None:
            starts.append(zero.start())
    return base + (min(starts) if starts else 0)


def named_originator(quote: str, position: int) -> tuple[str, str, str] | None:
    """The originator the sentence names before `position` of `quote`: (source_id, how a
    message names it, the words that name it), or None. A reporter wins over a government
    actor (a reporter relays what the actor did); otherwise the government."""
    before = quote[:position]
    ends = list(_SENTENCE_END.finditer(before))
    sentence_start = ends[-1].end() if ends else 0
    sentence = before[sentence_start:]
    reporters = [
        (m.start(), source, name, m.group(0))
        for pattern, source, name in _REPORTERS
        for m in pattern.finditer(sentence)
    ]
    if reporters:
        _at, source, name, words = max(reporters)
        return source, name, words
    actors = [
        m for m in _GOVERNMENT.finditer(sentence) if not _OBJECT.search(sentence[: m.start()])
    ]
    if not actors:
        return None
    last = actors[-1]
    verb = re.match(r"\s+(?:also\s+)?[\w’'-]+", sentence[last.end() :])
    words = last.group(0) + (verb.group(0) if verb else "")
    return "gov_aze", "the government", " ".join(words.split())


@claim_rule(ATTRIBUTION_WORDING)
def attribution_wording(c: ClaimCheck) -> Iterator[str]:
    """The sentence names an originator (named_originator) the claim does not give as its
    source_id or restated_from, and no attribution_reason says why. Not checked: a claim with
    same_amount_as (a currency conversion, the State Department's by convention) and the
    reverse (a figure whose sentence names no one may be us_dos)."""
    s = c.seed
    if s.attribution_reason is not None or s.same_amount_as is not None:
        return
    position = _value_position(c)
    if position is None:
        return
    named = named_originator(s.quote, position)
    if named is None:
        return
    source, name, words = named
    given = {s.source_id} | ({s.restated_from} if s.restated_from else set())
    if source == "gov_aze":
        kinds = {c.vocab.sources[g].record.kind for g in given if g in c.vocab.sources}
        if kinds & set(GOVERNMENT_KINDS) or "gov_aze" in given:
            return
    elif source in given:
        return
    relayed = f" (restated_from {s.restated_from})" if s.restated_from else ""
    yield (
        f'the sentence names {name} ("{words}"), the claim says {s.source_id}{relayed}: '
        f"set source_id: {source} or say why in attribution_reason"
    )


@claim_rule(IMPLIED_SOURCE)
def implied_tier(c: ClaimCheck) -> Iterator[str]:
    """A tier placement for a year other than its edition's is implied by a sentence about
    the edition ("remained on Tier 2", "for a fifth consecutive year"). That the claim implied_by
    names exists and quotes the same words is checked with the file (check_claims_file) or
    the corpus (check_restatements)."""
    s = c.seed
    if s.implied_by is not None and c.implied_id == c.claim_id:
        yield "a claim is not implied by itself: implied_by names the claim whose sentence implies it"
    if (
        s.implied_by is None
        and c.unit_kind == "rank"
        and c.report is not None
        and c.period[0] is not None
        and (c.period[0], c.period[1]) != (c.report.published_year, c.report.published_year)
    ):
        yield (
            f"a tier placement for {c.period[0]} in the {c.report.published_year} edition is "
            "implied, not stated: give implied_by, the claim whose sentence implies it (a "
            '"remained on" or "consecutive year" statement of the edition)'
        )
