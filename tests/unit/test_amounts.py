"""Korean amounts: notations, the approximate flag, offsets in a sentence, and amounts that cannot be read."""

from decimal import Decimal

import pytest

from kgbuild.extract.amounts import AmountError, find_amounts, parse_amount, parse_number


@pytest.mark.parametrize(
    ("text", "value", "unit", "approximate"),
    [
        ("약 140억원", "14000000000", "원", True),
        ("140억원", "14000000000", "원", False),
        ("140억 원", "14000000000", "원", False),
        ("12억 3천만원", "1230000000", "원", False),
        ("2천5백만원", "25000000", "원", False),
        ("1.5조원", "1500000000000", "원", False),
        ("약 1,200억원", "120000000000", "원", True),
        ("1억 5000만원", "150000000", "원", False),
        ("95억 5천만원", "9550000000", "원", False),
        ("3천만 원", "30000000", "원", False),
        ("286억 2천5백만원", "28625000000", "원", False),
        ("1조 2천억원", "1200000000000", "원", False),
        ("1만 2천명", "12000", "명", False),
        ("1만 2,500명", "12500", "명", False),
        ("1만2천5백명", "12500", "명", False),
        ("3만명", "30000", "명", False),
        ("2,000명", "2000", "명", False),
        ("2000명", "2000", "명", False),
        ("약 2,000명", "2000", "명", True),
        ("2,000명 이상", "2000", "명", False),  # a lower bound, not an approximation
        ("100여명", "100", "명", True),
        ("300명 내외", "300", "명", True),
        ("37개사", "37", "개사", False),
        ("72건", "72", "건", False),
        ("40%", "40", "%", False),
        ("35.5%", "35.5", "%", False),
        ("약 10 %", "10", "%", True),
        ("20％", "20", "%", False),
    ],
)
def test_parse_amount_reads_notations(text: str, value: str, unit: str, approximate: bool) -> None:
    amount = parse_amount(text)
    assert amount.value == Decimal(value)
    assert amount.unit == unit
    assert amount.approximate is approximate
    assert amount.text == text


def test_values_are_whole_numbers_in_base_units() -> None:
    assert str(parse_amount("1.5조원").value) == "1500000000000"
    assert str(parse_amount("약 140억원").value) == "14000000000"
    assert str(parse_amount("12.50%").value) == "12.5"


def test_find_amounts_gives_offsets_in_the_text() -> None:
    text = "총사업비 약 140억원을 투입, 소프트웨어 플랫폼을 구축(정보제공·플랫폼 활용기업 수 37개사), 상용화율 40%"
    found = find_amounts(text)
    assert [(f.amount.text, f.amount.value, f.amount.unit) for f in found] == [
        ("약 140억원", Decimal("14000000000"), "원"),
        ("37개사", Decimal(37), "개사"),
        ("40%", Decimal(40), "%"),
    ]
    assert all(text[f.start : f.end] == f.amount.text for f in found)


def test_scale_word_stays_out_of_the_text_and_only_yak_makes_it_approximate() -> None:
    (found,) = find_amounts("약 590억원 규모의 국비")
    assert found.amount.text == "약 590억원"
    assert found.amount.approximate is True
    (scale_only,) = find_amounts("590억원 규모의 국비")
    assert scale_only.amount.approximate is False  # the issue: "약" makes a figure approximate, its absence exact
    assert scale_only.amount.text == "590억원"


def test_numbers_without_a_unit_are_not_amounts() -> None:
    assert find_amounts("소프트웨어 융합클러스터 2.0 조성, 4차 산업혁명, 2019년") == []


@pytest.mark.parametrize("text", ["약 억원", "약 억원을 투입", "약 명", "약 만원", "약 %"])
def test_amount_without_digits_is_an_error(text: str) -> None:
    with pytest.raises(AmountError) as err:
        find_amounts(text)
    assert "cannot read amount" in str(err.value)
    assert err.value.text in text
    assert "약" in err.value.text
    assert "digits" in err.value.problem


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1,00,0명", "misplaced comma"),
        ("5백2천명", "out of order"),
        ("3만 2억원", "out of order"),
    ],
)
def test_malformed_figures_raise_with_the_reason(text: str, problem: str) -> None:
    with pytest.raises(AmountError) as err:
        parse_amount(text)
    assert problem in err.value.problem


@pytest.mark.parametrize("text", ["", "억원", "명", "약", "고용창출"])
def test_parse_amount_rejects_non_amounts(text: str) -> None:
    with pytest.raises(AmountError, match="write digits and a unit"):
        parse_amount(text)


def test_parse_number_handles_korean_units() -> None:
    assert parse_number("12억 3천만") == Decimal(1230000000)
    assert parse_number("2천5백") == Decimal(2500)
    assert parse_number("1,500") == Decimal(1500)


@pytest.mark.parametrize("text", ["총사업비 12, 850백만원을 투입", "국비 12, 70억, 지방비 5억", "총 3, 4개"])
def test_a_figure_split_by_a_space_is_refused_not_read_in_part(text: str) -> None:
    # read from its last group, "12, 850백만원" was 850,000,000 원: a wrong figure, the worst defect
    with pytest.raises(AmountError, match="split by a space"):
        find_amounts(text)


def test_a_split_figure_stays_in_one_clause() -> None:
    from kgbuild.extract.records import Span
    from kgbuild.extract.sentences import split_clauses

    line = "총사업비 12, 850백만원을 투입, 고용창출 2,000명"
    texts = [c.text for c in split_clauses(Span(1, 0, len(line), line))]
    assert texts == ["총사업비 12, 850백만원을 투입", "고용창출 2,000명"]
