"""RMA numbers: every single typo and adjacent swap is caught; typing is forgiven."""

from __future__ import annotations

import pytest

from returndesk.models.rma_number import (
    ALPHABET,
    InvalidRmaNumber,
    format_rma_number,
    issue_rma_number,
    parse_rma_number,
)

SAMPLES = [issue_rma_number() for _ in range(200)]


def test_issued_numbers_parse_back_to_themselves():
    for number in SAMPLES:
        assert parse_rma_number(number) == number
        assert parse_rma_number(format_rma_number(number)) == number


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda n: format_rma_number(n).lower(), id="lower case"),
        pytest.param(lambda n: " ".join(n), id="spaces between symbols"),
        pytest.param(lambda n: f"rma {n[:4]} {n[4:8]} {n[8:]}", id="prefix and groups"),
        pytest.param(lambda n: n.replace("0", "O").replace("1", "I"), id="O for 0, I for 1"),
        pytest.param(lambda n: n.replace("1", "l"), id="l for 1"),
    ],
)
def test_parsing_forgives_how_people_type(typed):
    for number in SAMPLES[:50]:
        assert parse_rma_number(typed(number)) == number


def test_every_single_symbol_substitution_is_caught():
    for number in SAMPLES[:40]:
        for position in range(len(number)):
            for symbol in ALPHABET:
                if symbol == number[position]:
                    continue
                typo = number[:position] + symbol + number[position + 1 :]
                with pytest.raises(InvalidRmaNumber, match="mistyped"):
                    parse_rma_number(typo)


def test_every_adjacent_transposition_is_caught():
    for number in SAMPLES:
        for position in range(len(number) - 1):
            a, b = number[position], number[position + 1]
            if a == b:
                continue
            swapped = number[:position] + b + a + number[position + 2 :]
            with pytest.raises(InvalidRmaNumber):
                parse_rma_number(swapped)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("RMA-1234", "has 4", id="too short"),
        pytest.param("", "has 0", id="empty"),
        pytest.param("UUUUUUUUUUUU", "never contains U", id="letter outside the alphabet"),
        pytest.param("RMA-ABCD-EFGH-JK!M", "never contains !", id="punctuation"),
    ],
)
def test_malformed_numbers_say_what_is_wrong(text, message):
    with pytest.raises(InvalidRmaNumber, match=message):
        parse_rma_number(text)


def test_numbers_are_not_sequential():
    # 55 random bits: 10,000 draws never collide and share no common prefix pattern.
    drawn = {issue_rma_number() for _ in range(10_000)}
    assert len(drawn) == 10_000
    assert len({number[:3] for number in drawn}) > 1000
