"""Property tests (Hypothesis): a number is read whole, and the qualifier is read back.

Sentences are generated from filler words (some of which hide "a", "no", "one", "ten" inside
them), numbers in digits ("1,234", "3.5", "91") and in words ("twenty-one", "five"), each
number optionally after the words of a qualifier ("more than", "up to", "about"...). Tokens are
separated by one space and numbers by at least one filler, so the generator knows every whole
span: one that starts at a token's start and ends at a token's end.

- `is_whole` agrees with that oracle for every span of the sentence;
- a claim whose value_text is a whole number span with the qualifier its words give is accepted
  by every value rule, and refused by qualifier-not-in-quote with any other qualifier;
- a claim whose value_text cuts a word or a number ("4 victims" of "14 victims", "234" of
  "1,234", "a" of "media") is refused by value-text-not-in-quote.

On records in memory: no build, no files.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tiplake import rules
from tiplake.numbers import (
    QUALIFIER_WORDS,
    TENS,
    UNITS,
    find_numbers,
    is_whole,
    leading_quantity,
    states_zero,
    whole_starts,
)
from tiplake.records import ClaimSeed, IndicatorSeed, ReportSeed, SourceSeed, UnitSeed
from tiplake.rules import ClaimCheck, Document, Vocabulary
from tiplake.seeds import Located

FILLERS = ["victims", "cases", "the", "government", "identified", "and", "in", "media",
           "Another", "someone", "often", "shelters", "officials", "trained", "were", "of"]  # fmt: skip
QUALIFIERS = [(q, w) for q, words in QUALIFIER_WORDS.items() for w in words]
VALUE_RULES = {"value-text-not-in-quote", "value-text-ambiguous", "value-not-in-quote",
               "value-ambiguous", "unit-mismatch", "qualifier-not-in-quote"}  # fmt: skip
POINT_QUALIFIERS = ["exact", *QUALIFIER_WORDS]

digits = st.one_of(
    st.integers(0, 999).map(str),
    st.integers(1000, 9_999_999).map(lambda n: f"{n:,}"),
    st.tuples(st.integers(0, 99), st.integers(1, 9)).map(lambda t: f"{t[0]}.{t[1]}"),
)
words = st.one_of(
    st.sampled_from(sorted(UNITS)),
    st.sampled_from(sorted(TENS)),
    st.tuples(
        st.sampled_from(sorted(TENS)), st.sampled_from(sorted(set(UNITS) - {"zero"})[:9])
    ).map(lambda t: f"{t[0]}-{t[1]}"),
)
number = st.one_of(digits, words)


@st.composite
def sentences(draw):
    """(tokens, index of each number token, the qualifier before each number or None)."""
    tokens: list[str] = [draw(st.sampled_from(FILLERS))]
    numbers: list[tuple[int, str | None]] = []
    for _ in range(draw(st.integers(1, 4))):
        said = draw(st.one_of(st.none(), st.sampled_from(QUALIFIERS)))
        if said is not None:
            tokens += said[1].split()
        numbers.append((len(tokens), said[0] if said else None))
        tokens.append(draw(number))
        tokens += draw(st.lists(st.sampled_from(FILLERS), min_size=1, max_size=3))
    return tokens, numbers


def layout(tokens: list[str]) -> tuple[str, list[int], list[int]]:
    """The sentence, each token's start and end."""
    starts, ends, at = [], [], 0
    for t in tokens:
        starts.append(at)
        ends.append(at + len(t))
        at += len(t) + 1
    return " ".join(tokens), starts, ends


def vocabulary(text: str) -> Vocabulary:
    def indicator(code: str, unit: str) -> Located:
        return Located(
            IndicatorSeed(indicator_code=code, label=code, unit=unit, pillar="protection",
                          definition="What it counts."), "v.yaml", 1)  # fmt: skip

    report = ReportSeed(report_id="r", file="r.txt", sha256="0" * 64, title="A report",
                        kind="tip_report", publisher="U.S. Department of State",
                        published_year=2018, country_iso3="AZE", citation="A citation.")  # fmt: skip
    return Vocabulary(
        reports={"r": Located(report, "manifest.yaml", 1)},
        indicators={
            "victims_identified": indicator("victims_identified", "persons"),
            "average_stay": indicator("average_stay", "years"),
        },
        sources={
            "gov_aze": Located(
                SourceSeed(
                    source_id="gov_aze", name="Government", kind="government", description="Who."
                ),
                "s.yaml",
                1,
            )
        },  # fmt: skip
        units={
            "persons": Located(UnitSeed(unit="persons", kind="count", label="persons"), "u", 1),
            "years": Located(UnitSeed(unit="years", kind="duration", label="years"), "u", 1),
        },
        texts={"r": text},
    )


def problems(text: str, value: Decimal, value_text: str, qualifier: str) -> set[str]:
    """The rules broken by a claim of `value` read from `value_text` of the quote `text`."""
    whole = value == value.to_integral_value()
    seed = ClaimSeed.model_validate(
        {
            "id": "c",
            "indicator_code": "victims_identified" if whole else "average_stay",
            "source_id": "gov_aze",
            "value": int(value) if whole else float(value),
            "qualifier": qualifier,
            "value_text": value_text,
            "quote": text,
        }
    )
    check = ClaimCheck(
        Located(seed, "seeds/claims/r.yaml", 1), "r", vocabulary(text), Document(text)
    )
    return {p.rule for p in rules.check_claim(check)}


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(sentences(), st.data())
def test_a_span_is_whole_exactly_when_it_starts_and_ends_at_a_token(sentence, data):
    tokens, _numbers = sentence
    text, starts, ends = layout(tokens)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assume(text[start] != " " and text[end - 1] != " ")
    assert is_whole(text, start, end) == (start in starts and end in ends), text[start:end]


@FAST
@given(sentences(), st.data())
def test_a_whole_number_with_its_qualifier_is_accepted_and_any_other_qualifier_refused(
    sentence, data
):
    tokens, numbers = sentence
    text, starts, ends = layout(tokens)
    index, said = data.draw(st.sampled_from(numbers))
    value_text = f"{tokens[index]} {tokens[index + 1]}"  # the number and the word after it
    assume(text.count(value_text) == 1)
    [mention] = [m for m in find_numbers(text) if m.start == starts[index]]
    assert (mention.start, mention.end) == (starts[index], ends[index])  # read whole
    assert whole_starts(text, value_text) == [starts[index]]
    right = said or "exact"
    assert problems(text, mention.value, value_text, right) & VALUE_RULES == set(), text
    wrong = data.draw(st.sampled_from([q for q in POINT_QUALIFIERS if q != right]))
    assert "qualifier-not-in-quote" in problems(text, mention.value, value_text, wrong), text


@FAST
@given(sentences(), st.data())
def test_a_value_text_that_cuts_a_word_or_a_number_is_refused(sentence, data):
    tokens, _numbers = sentence
    text, starts, ends = layout(tokens)
    index = data.draw(st.integers(0, len(tokens) - 1))
    token = tokens[index]
    assume(len(token) > 1)
    cut = data.draw(st.integers(1, len(token) - 1))
    if data.draw(st.booleans()):  # cut the front: "4 victims" of "14 victims", "a" of "media"
        start = starts[index] + cut
        end = (
            ends[index + 1] if index + 1 < len(tokens) and data.draw(st.booleans()) else ends[index]
        )
    else:  # cut the back: "1" of "1,234", "twenty" of "twenty-one"
        start = starts[index]
        end = starts[index] + cut
    fragment = text[start:end]
    assume(fragment.strip() == fragment and fragment[0].isalnum())
    assume(text.count(fragment) == 1)  # not also stated whole elsewhere
    mentions = find_numbers(fragment)
    if mentions:
        value = mentions[0].value
    elif (lead := leading_quantity(fragment)) is not None:
        value = lead.value
    elif states_zero(fragment):
        value = Decimal(0)
    else:
        return  # the fragment states no value: nothing could be read from it
    assert not is_whole(text, start, end)
    assert "value-text-not-in-quote" in problems(text, value, fragment, "exact"), (text, fragment)


def test_the_issue_attacks_as_examples():
    for text, fragment, value in [
        ("prosecutions against 14 alleged traffickers", "4 alleged traffickers", 4),
        ("identified 91 victims", "1 victims", 1),
        ("reported by the media", "a", 1),
        ("Another report", "no", 0),
        ("trained 1,234 officials", "234 officials", 234),
        ("stayed 3.5 years", "5 years", 5),
        ("Sixty-eight victims", "eight victims", 8),
    ]:
        assert whole_starts(text, fragment) == [], fragment
        assert "value-text-not-in-quote" in problems(text, Decimal(value), fragment, "exact")
