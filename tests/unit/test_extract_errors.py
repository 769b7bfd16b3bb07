"""Bad sources raise SourceError naming the file, the 1-based line, the offending text and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgbuild.errors import SourceError
from kgbuild.extract import extract_release
from kgbuild.paths import SOURCES_DIR

SEED = SOURCES_DIR / "2019-04-23-msit-sw-convergence-cluster-2.0.txt"
BAD = Path("sources/bad-release.txt")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def without_line(text: str, number: int) -> str:
    lines = text.split("\n")
    return "\n".join(lines[: number - 1] + lines[number:])


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if fragment in line)


def read_error(text: str) -> SourceError:
    with pytest.raises(SourceError) as err:
        extract_release(BAD, text=text)
    return err.value


def test_amount_without_digits_names_line_and_text() -> None:
    text = seed_text().replace("총사업비 약 194억원을 투입", "총사업비 약 억원을 투입")
    err = read_error(text)
    assert (err.path, err.line, err.text) == ("sources/bad-release.txt", 44, "약 억원")
    assert "cannot read amount" in err.problem and "digits" in err.problem
    assert str(err).startswith("sources/bad-release.txt line 44: cannot read amount")
    assert err.exit_code == 1


def test_misplaced_comma_in_a_target_is_an_error() -> None:
    text = seed_text().replace("고용창출 2,000명", "고용창출 2,00,0명")
    err = read_error(text)
    assert (err.line, err.text) == (36, "2,00,0")
    assert "misplaced comma" in err.problem


def test_page_without_article() -> None:
    err = read_error("많이 본 뉴스\n\n관악, 1억 5000만원 들여 전통시장 키운다\n2019-04-23 면\n")
    assert (err.line, err.text) == (1, "많이 본 뉴스")
    assert "no article found" in err.problem


def test_empty_page_has_no_article() -> None:
    assert "no article found" in read_error("").problem


def test_missing_date_line() -> None:
    text = seed_text().replace("2019-04-23 면", "")
    err = read_error(text)
    assert err.line == 21 and err.text.startswith("과학기술정보통신부(장관 유영민")
    assert "no date line" in err.problem and "2019-04-23 면" in err.problem


def test_impossible_date_line() -> None:
    err = read_error(seed_text().replace("2019-04-23 면", "2019-02-30 면"))
    assert (err.line, err.text) == (59, "2019-02-30 면")
    assert "impossible date" in err.problem


def test_regional_paragraph_without_plan_line() -> None:
    text = without_line(seed_text(), 36)
    err = read_error(text)
    assert err.line == 34 and err.text.startswith("인천광역시는 바이오정보 서비스")
    assert "without its '사업계획 :' line" in err.problem and "총사업비" in err.problem


def test_plan_line_without_budget() -> None:
    text = seed_text().replace("총사업비 약 190억원 투입, ", "")
    err = read_error(text)
    assert err.line == 52 and err.text.startswith("사업계획 : 스타기업 10개사")
    assert "without the budget" in err.problem


def test_plan_line_without_regional_paragraph() -> None:
    text = without_line(seed_text(), 34)
    err = read_error(text)
    assert err.line == 35 and err.text.startswith("사업계획 : 총사업비 약 140억원")
    assert "without a regional paragraph" in err.problem


def test_lead_without_program_name() -> None:
    text = seed_text().replace("‘2019년 소프트웨어 융합클러스터 2.0’ 사업", "신규 사업")
    err = read_error(text)
    assert err.line == 21
    assert "no program name" in err.problem


def test_article_without_regional_projects() -> None:
    lines = seed_text().split("\n")
    text = "\n".join(line for n, line in enumerate(lines, 1) if not 34 <= n <= 52)
    err = read_error(text)
    assert "no regional project" in err.problem


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "euc-kr.txt"
    path.write_bytes(seed_text().encode("euc-kr", errors="replace"))
    with pytest.raises(SourceError) as err:
        extract_release(path)
    assert err.value.line == 1 and "UTF-8" in err.value.problem
