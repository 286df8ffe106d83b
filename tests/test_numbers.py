"""The number reader: digits, words, currencies, percentages, ordinals."""

from decimal import Decimal

import pytest

from tiplake.numbers import find_numbers, states_zero


def read(text):
    return [(m.text, m.value, m.currency, m.is_percent) for m in find_numbers(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("nine", [("nine", Decimal(9), None, False)]),
        ("Sixty-eight victims", [("Sixty-eight", Decimal(68), None, False)]),
        (
            "150,530 manat ($88,030)",
            [
                ("150,530 manat", Decimal(150530), "AZN", False),
                ("$88,030", Decimal(88030), "USD", False),
            ],
        ),
        ("AZN 125 thousand", [("AZN 125 thousand", Decimal(125000), "AZN", False)]),
        ("five to 10 years", [("five", Decimal(5), None, False), ("10", Decimal(10), None, False)]),
        (
            "only 2.7% (51)",
            [("2.7%", Decimal("2.7"), None, True), ("51", Decimal(51), None, False)],
        ),
        ("0.6 percent", [("0.6 percent", Decimal("0.6"), None, True)]),
        (
            "793,258 (-133,445)",
            [
                ("793,258", Decimal(793258), None, False),
                ("-133,445", Decimal(-133445), None, False),
            ],
        ),
        ("Article 144-1", [("144", Decimal(144), None, False), ("1", Decimal(1), None, False)]),
        ("for a fifth consecutive year", [("fifth", Decimal(5), None, False)]),
        ("twice", [("twice", Decimal(2), None, False)]),
        ("fines of $900USD", [("$900USD", Decimal(900), "USD", False)]),
        ("equal to 1 new manat", [("1 new manat", Decimal(1), "AZN", False)]),
        ("about 300USD a month", [("300USD", Decimal(300), "USD", False)]),
        (
            "the 26th Center, the 76th body",
            [("26th", Decimal(26), None, False), ("76th", Decimal(76), None, False)],
        ),
        ("tens of thousands", [("tens of thousands", Decimal(20000), None, False)]),
        ("one hundred and five", [("one hundred and five", Decimal(105), None, False)]),
    ],
)
def test_reads_numbers_as_written(text, expected):
    assert read(text) == expected


def test_no_numbers_in_plain_words():
    assert read("The government maintained efforts; someone, anyone, nonetheless") == []


def test_zero_from_a_negation():
    assert states_zero("did not convict any traffickers")
    assert states_zero("Judges have never issued restitution")
    assert not states_zero("convicted 11 traffickers")


@pytest.mark.parametrize(
    "text,values",
    [
        ("1,234 officials", [Decimal(1234)]),
        ("3.5 years", [Decimal("3.5")]),
        ("14 alleged traffickers", [Decimal(14)]),
        ("91 victims", [Decimal(91)]),
        ("Sixty-eight victims", [Decimal(68)]),
        ("reported by the media. Another report, often", []),
        ("in 2024", [Decimal(2024)]),  # a year is a number like any other, read whole
    ],
)
def test_numbers_in_a_quote_are_read_whole(text, values):
    """Where a claim has no value_text its value is read from the quote by find_numbers: a
    number is never read from a fragment of another (issue 29)."""
    assert [m.value for m in find_numbers(text)] == values
