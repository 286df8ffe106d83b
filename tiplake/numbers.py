"""Find the numbers a text states, in digits or in words.

In:  a string (a claim's quote, or a whole document).
Out: a list of `Mention`s, each with its span, its text, the value it states and, where the
     text attaches one, its currency or a percent sign.

Read as a reader would: "150,530 manat" is 150530 AZN, "$88,030" is 88030 USD, "AZN 125
thousand" is 125000 AZN, "Sixty-eight" is 68, "five to 10" is two mentions (5 and 10),
"2.7%" is 2.7 percent, "twice" is 2, "fifth" and "5th" are 5 (ordinals), "tens of thousands" is a vague
mention whose value is its lower bound (20000: plural "tens" means at least two). Numbers are
never rounded: values are `Decimal`s of exactly the digits written.

The loader uses this to check that a claim's value can be read from its quote; the coverage
audit uses it to list every numeric mention of a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
MULTIPLICATIVES = {"once": 1, "twice": 2, "thrice": 3}
# Plural round numbers: the value is the lower bound the plural implies (at least two of them).
VAGUE = {
    "tens of thousands": 20_000,
    "hundreds of thousands": 200_000,
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2_000,
    "millions": 2_000_000,
}

CURRENCY_BEFORE = {"$": "USD", "US$": "USD", "USD": "USD", "AZN": "AZN", "€": "EUR", "EUR": "EUR"}
CURRENCY_AFTER = {
    "manat": "AZN",
    "manats": "AZN",
    "AZN": "AZN",
    "dollar": "USD",
    "dollars": "USD",
    "USD": "USD",
    "EUR": "EUR",
    "euro": "EUR",
    "euros": "EUR",
}

_unit_words = "|".join(sorted(UNITS, key=len, reverse=True))
_tens_words = "|".join(TENS)
_scale_words = "|".join(SCALES)
_cardinal_word = rf"(?:(?:{_tens_words})(?:[-\s](?:{_unit_words}))?|{_unit_words})"
_word_number = rf"{_cardinal_word}(?:\s+(?:{_scale_words})(?:\s+(?:and\s+)?{_cardinal_word})?)*"
_vague_words = "|".join(w.replace(" ", r"\s+") for w in VAGUE)
_digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

NUMBER_RE = re.compile(
    rf"""
    (?:(?P<cur_before>US\$|\$|€|\bUSD|\bAZN|\bEUR)\s?(?=[\d\w]))?
    (?:
        (?P<vague>\b(?:{_vague_words})\b)
      | (?P<mult>\b(?:{"|".join(MULTIPLICATIVES)})\b)
      | (?P<ordinal>\b(?:{"|".join(ORDINALS)})\b)
      | (?P<sign>(?<![\w])-)?(?P<digits>(?<![\w.,]){_digits})(?P<ordsuffix>st|nd|rd|th)?(?!(?!USD|AZN|EUR)\w|[.,]\d)
        (?:\s+(?P<scale>{_scale_words})\b)?
      | (?P<words>\b(?:{_word_number})\b)
    )
    (?P<percent>\s?%|\s+percent\b)?
    (?:\s?(?P<cur_after>(?:new\s+)?manats?|AZN|USD|EUR|(?:U\.?S\.?\s+)?dollars?|euros?)\b)?
    """,
    re.IGNORECASE | re.VERBOSE,
)

ZERO_RE = re.compile(r"\b(?:no|not|never|none|zero|nor|neither|without|nil)\b", re.IGNORECASE)

# Quantities written without a numeral that a counted noun follows: what the coverage audit
# finds in a document ("established a new victim assistance center", "the only shelter",
# "both", "no victims were referred"), each with the value it states.
QUANTITY_RE = re.compile(
    r"""
      (?P<one>\b(?:an?\s+new|the\s+only)\b)
    | (?P<two>\bboth\b)
    | (?P<zero>\bno\s+(?:[\w’'-]+\s+){0,4}?(?:were|was)\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# The words a claim's value_text may start with to state 1 or 2 without a numeral ("a two year
# old boy", "an NGO", "another instance", "the only accommodation", "both ...").
ARTICLE_RE = re.compile(r"^(?P<one>an?|another|the\s+only)\b|^(?P<two>both)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """One number stated in a text."""

    start: int
    end: int
    text: str
    value: Decimal
    kind: str  # digits | words | ordinal | multiplicative | vague
    currency: str | None = None
    is_percent: bool = False


def words_to_number(text: str) -> Decimal:
    """Value of a cardinal in words: 'Sixty-eight' -> 68, 'two hundred and five' -> 205."""
    tokens = [t for t in re.split(r"[-\s]+", text.lower()) if t and t not in ("and", "a")]
    total = 0
    current = 0
    for token in tokens:
        if token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token == "hundred":
            current = (current or 1) * 100
        elif token in SCALES:
            total += (current or 1) * SCALES[token]
            current = 0
        else:  # pragma: no cover - the regex admits only the words above
            raise ValueError(f"not a number word: {token!r} in {text!r}")
    return Decimal(total + current)


def _currency(match: re.Match[str]) -> str | None:
    before = match.group("cur_before")
    after = match.group("cur_after")
    if before:
        return CURRENCY_BEFORE[before.upper() if before.isalpha() else before]
    if after:
        word = after.split()[-1]  # "new manat" is manat
        return CURRENCY_AFTER[word if word in CURRENCY_AFTER else word.lower()]
    return None


def find_numbers(text: str) -> list[Mention]:
    """Every number `text` states, in order of position."""
    return list(_find_numbers(text))


@lru_cache(maxsize=65536)
def _find_numbers(text: str) -> tuple[Mention, ...]:
    """find_numbers, memoised: claims of one sentence (a total and its parts, an amount and
    its conversion) share their quote, so each quote is read once."""
    mentions: list[Mention] = []
    for m in NUMBER_RE.finditer(text):
        raw = m.group(0)
        if m.group("vague"):
            value, kind = Decimal(VAGUE[" ".join(m.group("vague").lower().split())]), "vague"
        elif m.group("digits"):
            value = Decimal(m.group("digits").replace(",", ""))
            if m.group("scale"):
                value *= SCALES[m.group("scale").lower()]
            if m.group("sign"):
                value = -value
            kind = "ordinal" if m.group("ordsuffix") else "digits"
        elif m.group("mult"):
            value, kind = Decimal(MULTIPLICATIVES[m.group("mult").lower()]), "multiplicative"
        elif m.group("ordinal"):
            value, kind = Decimal(ORDINALS[m.group("ordinal").lower()]), "ordinal"
        else:
            value, kind = words_to_number(m.group("words")), "words"
        is_percent = bool(m.groupdict().get("percent"))
        currency = None if kind in ("vague", "multiplicative", "ordinal") else _currency(m)
        mentions.append(
            Mention(m.start(), m.end(), raw, value, kind, currency=currency, is_percent=is_percent)
        )
    return tuple(mentions)


def find_quantities(text: str) -> list[Mention]:
    """Every quantity `text` states without a numeral (QUANTITY_RE), in order of position."""
    out = []
    for m in QUANTITY_RE.finditer(text):
        value = 1 if m.group("one") else 2 if m.group("two") else 0
        out.append(Mention(m.start(), m.end(), m.group(0), Decimal(value), "quantity"))
    return out


def leading_quantity(text: str) -> Mention | None:
    """The quantity a value_text states by its first words without a numeral ("a two year old
    boy": 1; "both women and children": 2), or None."""
    m = ARTICLE_RE.match(text)
    if m is None:
        return None
    return Mention(m.start(), m.end(), m.group(0), Decimal(1 if m.group("one") else 2), "quantity")


def states_zero(text: str) -> bool:
    """True when `text` can be read as stating zero ('did not convict any', 'never issued')."""
    return bool(ZERO_RE.search(text)) or any(m.value == 0 for m in find_numbers(text))


# --- spans read whole -----------------------------------------------------------------------------


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def is_whole(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is read whole: no letter, digit, decimal point or thousands
    separator glued to either end ("4 alleged" is not whole in "14 alleged", "234" not in
    "1,234", "5" not in "3.5", "a" not in "media"), and no number of `text` cut by it ("eight"
    of "Sixty-eight", "100" of "AZN 100 thousand", "88,030" of "$88,030", "2.7" of "2.7%")."""
    if not 0 <= start < end <= len(text):
        return False
    first, last = text[start], text[end - 1]
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before and _word_char(before) and _word_char(first):
        return False
    if after and _word_char(last) and _word_char(after):
        return False
    if first.isdigit() and before in (".", ",") and start >= 2 and text[start - 2].isdigit():
        return False
    if last.isdigit() and after in (".", ",") and end + 1 < len(text) and text[end + 1].isdigit():
        return False
    return not any(m.start < start < m.end or m.start < end < m.end for m in _find_numbers(text))


def whole_starts(text: str, part: str) -> list[int]:
    """Every offset where `part` occurs in `text` read whole (is_whole), in order."""
    out: list[int] = []
    if not part:
        return out
    at = text.find(part)
    while at != -1:
        if is_whole(text, at, at + len(part)):
            out.append(at)
        at = text.find(part, at + 1)
    return out


# --- the words that qualify a number ----------------------------------------------------------------

# The words right before a number that make it a bound or an approximation, by the qualifier
# they give ("more than 140" is more_than 140). A number with none of them before it is exact.
QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "at_least": ("at least", "a minimum of", "no fewer than", "no less than", "not less than"),
    "more_than": ("more than", "over", "in excess of", "upwards of"),
    "at_most": ("up to", "at most", "no more than", "not more than", "a maximum of"),
    "less_than": ("fewer than", "less than", "under", "below"),
    "approximate": (
        "about", "approximately", "around", "nearly", "almost", "roughly", "some",
        "an estimated", "estimated at", "estimated that", "it is estimated that",
    ),
}  # fmt: skip
_QUALIFIER_OF = {w: q for q, words in QUALIFIER_WORDS.items() for w in words}
_QUALIFIER_RE = re.compile(
    r"(?<![\w-])(?P<words>"
    + "|".join(w.replace(" ", r"\s+") for w in sorted(_QUALIFIER_OF, key=len, reverse=True))
    + r")\s+\Z",
    re.IGNORECASE,
)


def qualifier_before(text: str, position: int) -> tuple[str, str] | None:
    """The qualifier the words right before `position` of `text` give, and those words as
    written ("more than 140" at 140: ("more_than", "more than")), or None (an exact number)."""
    head = text[max(0, position - 40) : position]
    m = _QUALIFIER_RE.search(head)
    if m is None:
        return None
    return _QUALIFIER_OF[" ".join(m.group("words").lower().split())], m.group("words")
