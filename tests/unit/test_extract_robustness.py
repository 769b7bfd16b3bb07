"""The extractor never crashes: for any text, ``extract_release`` returns a Release or raises SourceError.

A seeded mutation fuzzer (plain ``random.Random``, deterministic) starts from the real releases
(``sources/*.txt``, ``tests/fixtures/**/*.txt``) and mutates them the ways a hand-edited or badly copied page
goes wrong: lines deleted, duplicated, swapped or cut in half; the date line dropped or repeated; noise
(Hangul, digits, punctuation, quotes, brackets) inserted; numbers made huge or malformed ("1,00,0",
"9999999조", "0원", "약"); "사업계획" words removed; a regional paragraph repeated (same region twice);
unbalanced brackets and quotes; an empty file, only chrome, one very long line; CRLF or CR line endings, a BOM,
tabs and binary-ish noise.

Any exception other than SourceError would be shown by the CLI as "internal error", so it is a bug. A
returned Release must also hold what the graph's shapes require of the extractor's output: every span is
the file's text at its offsets, budgets are positive, a region has one project, wordings are not empty.

``python -m tests.unit.test_extract_robustness 50000`` runs a longer campaign by hand and prints each crash.
"""

from __future__ import annotations

import random
import re
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kgbuild.errors import SourceError
from kgbuild.extract import extract_release
from kgbuild.extract.amounts import TARGET_UNITS
from kgbuild.extract.records import Release
from kgbuild.extract.release import spans_in
from kgbuild.paths import PROJECT_ROOT

SEEDS = sorted([*(PROJECT_ROOT / "sources").glob("*.txt"), *(PROJECT_ROOT / "tests" / "fixtures").glob("**/*.txt")])
FUZZ_PATH = Path("sources/fuzzed-release.txt")
MUTANTS_IN_TEST = 6000

HANGUL = "가나다라마바사아자차카타파하는은이가을를의에서로와과도시군구억원명조만천백십약총국비사업계획"
DIGITS = "0123456789"
PUNCT = ".,:;!?~·ㆍ-–—/%％…_=+*&^#@|\\"
QUOTES = "“”\"‘’'「」『』《》〈〉"
BRACKETS = "()[]{}<>（）【】"
ODD = "\t\u00a0\u200b\ufeff\u3000\x0b\x0c\x1f\x7f\u2028\u2029\ud7a3\U0001f600ⓒ©①⑳"
NOISE_ALPHABETS = (HANGUL, DIGITS, PUNCT, QUOTES, BRACKETS, ODD, HANGUL + DIGITS + PUNCT + QUOTES + BRACKETS)
ODD_NUMBERS = (
    "0",
    "00",
    "0.0",
    "1,00,0",
    "1,,000",
    ",1",
    "1.",
    ".5",
    "1.2.3",
    "9" * 40,
    "9999999조",
    "0원",
    "0억원",
    "약",
    "약 억",
    "억",
    "조",
    "1조2조",
    "5백2천",
    "1억억",
    "1.5.5억",
    "10000000000000000000000000000조",
    "1e10",
    "1_000",
    "١٢٣",
    "１２３",
    "-5",
    "+5",
    "0.000001",
    "3억5천만",
    "2,000.",
    "12억 3천만원",
)
DATE_LINES = (
    "2019-04-23 면",
    "2019-02-30 면",
    "0000-00-00 면",
    "9999-99-99",
    "2019.13.01",
    "2019-4-31",
    "1-1-1",
    "입력 2020-05-12 10:30",
    "2019-04-23 99 면",
    "20190-04-23 면",
)
CHROME = ("폰트 확대 폰트 축소 프린트하기", "많이 본 뉴스", "페이스북 트위터", "ⓒ 서울신문", "자료 제공 : 정책브리핑")
REGIONS = (
    "인천광역시",
    "부산광역시",
    "울산",
    "경남",
    "충청남도",
    "서울특별시",
    "세종특별자치시",
    "제주도",
    "강원특별자치도",
)
NUMBER_RE = re.compile(r"\d[\d,.]*")
REGION_PARAGRAPH_RE = re.compile(r"^\s*(?:[ㅇ○□◇\-*①o]\s*)?[가-힣]{2,8}(?:는|은)\s")
PLAN_LINE_RE = re.compile(r"사업\s*계획|주요\s*목표|사업\s*내용|사업비|사업기간")
DATE_LINE_RE = re.compile(r"^\s*(?:입력\s*)?\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}")


def seed_texts() -> list[str]:
    return [path.read_bytes().decode("utf-8") for path in SEEDS]


# Mutations: each takes (rng, text, seeds) and returns the mutated text.
Mutation = Callable[[random.Random, str, list[str]], str]


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def index(rng: random.Random, lines: list[str]) -> int:
    return rng.randrange(len(lines)) if lines else 0


def delete_line(rng: random.Random, text: str, seeds: list[str]) -> str:
    lines = lines_of(text)
    if lines:
        del lines[index(rng, lines)]
    return "\n".join(lines)


def duplicate_line(rng: random.Random, text: str, seeds: list[str]) -> str:
    lines = lines_of(text)
    i = index(rng, lines)
    lines.insert(rng.randrange(len(lines) + 1), lines[i] if lines else "")
    return "\n".join(lines)


def swap_lines(rng: random.Random, text: str, seeds: list[str]) -> str:
    lines = lines_of(text)
    i, j = index(rng, lines), index(rng, lines)
    if lines:
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def shuffle_block(rng: random.Random, text: str, seeds: list[str]) -> str:
    lines = lines_of(text)
    i = index(rng, lines)
    block = lines[i : i + rng.randint(2, 12)]
    rng.shuffle(block)
    lines[i : i + len(block)] = block
    return "\n".join(lines)


def drop_date_line(rng: random.Random, text: str, seeds: list[str]) -> str:
    return "\n".join(line for line in lines_of(text) if not DATE_LINE_RE.match(line))


def add_date_line(rng: random.Random, text: str, seeds: list[str]) -> str:
    lines = lines_of(text)
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(DATE_LINES))
    return "\n".join(lines)


def cut_line(rng: random.Random, text: str, seeds: list[str]) -> str:
    """Cut a line in half: keep one half, or break it into two lines."""
    lines = lines_of(text)
    i = index(rng, lines)
    if not lines or not lines[i]:
        return text
    at = rng.randrange(len(lines[i]) + 1)
    head, tail = lines[i][:at], lines[i][at:]
    lines[i : i + 1] = rng.choice(([head], [tail], [head, tail]))
    return "\n".join(lines)


def insert_noise(rng: random.Random, text: str, seeds: list[str]) -> str:
    alphabet = rng.choice(NOISE_ALPHABETS)
    noise = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
    at = rng.randrange(len(text) + 1)
    return text[:at] + noise + text[at:]


def delete_chars(rng: random.Random, text: str, seeds: list[str]) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + text[at + rng.randint(1, 30) :]


def replace_number(rng: random.Random, text: str, seeds: list[str]) -> str:
    numbers = list(NUMBER_RE.finditer(text))
    if not numbers:
        return text
    m = rng.choice(numbers)
    return text[: m.start()] + rng.choice(ODD_NUMBERS) + text[m.end() :]


def replace_all_numbers(rng: random.Random, text: str, seeds: list[str]) -> str:
    odd = rng.choice(ODD_NUMBERS)
    return NUMBER_RE.sub(odd, text)


def remove_plan_words(rng: random.Random, text: str, seeds: list[str]) -> str:
    word = rng.choice(("사업계획", "사업 계획", "총사업비", "투입", "사업비", ":", "목표"))
    return text.replace(word, "")


def duplicate_region_paragraph(rng: random.Random, text: str, seeds: list[str]) -> str:
    """A regional paragraph and its plan line written twice (the same region twice), here or further on."""
    lines = lines_of(text)
    starts = [i for i, line in enumerate(lines) if REGION_PARAGRAPH_RE.match(line)]
    if not starts:
        return text
    i = rng.choice(starts)
    end = i + 1
    while end < len(lines) and (not lines[end].strip() or PLAN_LINE_RE.search(lines[end])) and end < i + 6:
        end += 1
    block = lines[i:end]
    at = rng.choice((end, rng.randrange(len(lines) + 1)))
    lines[at:at] = block
    return "\n".join(lines)


def rename_region(rng: random.Random, text: str, seeds: list[str]) -> str:
    """A regional paragraph's region replaced by another (possibly one already used)."""
    lines = lines_of(text)
    starts = [i for i, line in enumerate(lines) if REGION_PARAGRAPH_RE.match(line)]
    if not starts:
        return text
    i = rng.choice(starts)
    lines[i] = re.sub(r"[가-힣]{2,8}(?=(?:는|은)\s)", rng.choice(REGIONS), lines[i], count=1)
    return "\n".join(lines)


def unbalance(rng: random.Random, text: str, seeds: list[str]) -> str:
    """Drop a closing bracket or quote, or add an opening one."""
    closers = [i for i, ch in enumerate(text) if ch in ')]」』”’">']
    if closers and rng.random() < 0.5:
        i = rng.choice(closers)
        return text[:i] + text[i + 1 :]
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice("([「『“‘\"'<") + text[at:]


def line_endings(rng: random.Random, text: str, seeds: list[str]) -> str:
    return text.replace("\n", rng.choice(("\r\n", "\r", "\n\r", "\r\r\n", "\u2028", "\x85", "\n\n")))


def add_bom(rng: random.Random, text: str, seeds: list[str]) -> str:
    lines = lines_of(text)
    i = index(rng, lines) if rng.random() < 0.5 else 0
    lines[i] = "\ufeff" + lines[i] if lines else "\ufeff"
    return "\n".join(lines)


def tabs(rng: random.Random, text: str, seeds: list[str]) -> str:
    return text.replace(" ", "\t") if rng.random() < 0.5 else text.replace(" ", rng.choice(("\u3000", "\u00a0", "  ")))


def binary_noise(rng: random.Random, text: str, seeds: list[str]) -> str:
    noise = "".join(
        chr(rng.choice((rng.randrange(1, 32), rng.randrange(0x80, 0x800)))) for _ in range(rng.randint(5, 200))
    )
    at = rng.randrange(len(text) + 1)
    return text[:at] + noise + text[at:]


def single_long_line(rng: random.Random, text: str, seeds: list[str]) -> str:
    return rng.choice((" ", "", "\t")).join(lines_of(text))


def only_chrome(rng: random.Random, text: str, seeds: list[str]) -> str:
    return "\n".join(rng.choice(CHROME) for _ in range(rng.randint(0, 6)))


def empty(rng: random.Random, text: str, seeds: list[str]) -> str:
    return rng.choice(("", "\n", " ", "\n\n\n", "\r\n", "\ufeff"))


def graft_line(rng: random.Random, text: str, seeds: list[str]) -> str:
    """A line of another release inserted here."""
    donor = lines_of(rng.choice(seeds))
    lines = lines_of(text)
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(donor))
    return "\n".join(lines)


def keep_prefix(rng: random.Random, text: str, seeds: list[str]) -> str:
    """The file cut off at a random point (a truncated download)."""
    return text[: rng.randrange(len(text) + 1)]


def repeat_text(rng: random.Random, text: str, seeds: list[str]) -> str:
    """A line repeated many times (a very long line) or the whole release pasted twice."""
    if rng.random() < 0.5:
        return text + "\n" + text
    lines = lines_of(text)
    i = index(rng, lines)
    lines[i] = " ".join([lines[i]] * rng.randint(5, 60))
    return "\n".join(lines)


def huge_digits(rng: random.Random, text: str, seeds: list[str]) -> str:
    """A run of digits too long for any figure ("999…9억원", "5000 digits 개 지역")."""
    digits = rng.choice(DIGITS[1:]) * rng.choice((29, 41, 400, 5000))
    unit = rng.choice(("억원", "조", "명", "개 지역", "개 광역지자체가 신청", "년간", "%", ""))
    at = rng.randrange(len(text) + 1)
    return text[:at] + digits + unit + text[at:]


def change_dates(rng: random.Random, text: str, seeds: list[str]) -> str:
    """Impossible or odd dates in the lead ("13월 40일", "2월 30일", "0. 0.")."""
    odd = rng.choice(
        ("13월 40일", "2월 30일", "0월 0일", "12월 31일", "1월 1일", "99. 99.", "0. 0.", "2019년 2월 29일")
    )
    return re.sub(r"\d{1,2}\s*월\s*\d{1,2}\s*일", odd, text, count=1)


MUTATIONS: dict[str, Mutation] = {
    f.__name__: f
    for f in (
        delete_line,
        duplicate_line,
        swap_lines,
        shuffle_block,
        drop_date_line,
        add_date_line,
        cut_line,
        insert_noise,
        delete_chars,
        replace_number,
        replace_all_numbers,
        remove_plan_words,
        duplicate_region_paragraph,
        rename_region,
        unbalance,
        line_endings,
        add_bom,
        tabs,
        binary_noise,
        single_long_line,
        only_chrome,
        empty,
        graft_line,
        keep_prefix,
        repeat_text,
        huge_digits,
        change_dates,
    )
}
# The line-level mutations come up more often than the ones that wreck the whole file.
WEIGHTS = {name: 1 if name in {"only_chrome", "empty", "single_long_line", "keep_prefix"} else 4 for name in MUTATIONS}


def mutant(rng: random.Random, seeds: list[str]) -> tuple[str, list[str]]:
    """One mutant of a random seed release and the names of the mutations applied (one to four)."""
    text = rng.choice(seeds)
    names = rng.choices(list(MUTATIONS), weights=list(WEIGHTS.values()), k=rng.choice((1, 1, 2, 2, 3, 4)))
    for name in names:
        text = MUTATIONS[name](rng, text, seeds)
    return text, names


def check_release(release: Release, text: str) -> None:
    """What the graph requires of the extractor's output, for any release it returns."""
    for span in spans_in(release):
        assert text[span.start : span.end] == span.text, span
        assert 0 <= span.start < span.end, span
        assert span.line == text.count("\n", 0, span.start) + 1, span
    assert release.title.strip()
    assert release.program.strip()
    assert release.projects
    regions = [p.regions for p in release.projects]
    assert len(regions) == len(set(regions)), regions
    for project in release.projects:
        if project.budget is not None:  # a project may state no budget; one it states is positive won
            assert project.budget.value > 0 and project.budget.unit == "원", project.budget
            assert project.budget.text.strip() and project.budget_span is not None
            shares = sum(share.amount.value for share in project.shares)
            assert shares <= project.budget.value, project.shares
        assert project.region_text.strip()
        assert project.industry_text.strip(), project  # an unknown industry is minted from its wording
        for target in project.targets:
            assert target.wording.strip(), target
            assert target.amount.value >= 0 and target.amount.unit in TARGET_UNITS, target
    if release.national_budget is not None:
        assert release.national_budget.amount.value > 0, release.national_budget
        period = release.national_budget.period
        assert period is None or period.start_year <= period.end_year, period
    for quote in release.quotes:
        assert quote.text.strip() and quote.speaker.name.strip() and quote.speaker.post.strip(), quote
    for count in (release.call.selected, release.call.applicants, release.call.eligible_count):
        assert count is None or count >= 0
    for unread in release.unread:
        assert unread.line >= 1 and unread.reason


def check_error(err: SourceError, text: str) -> None:
    """A SourceError names the file, a line of it and the fix."""
    assert err.path == str(FUZZ_PATH)
    assert 1 <= err.line <= text.count("\n") + 1, (err.line, err.problem)
    assert err.problem.strip()


def run_one(text: str) -> str:
    """Extract one mutant; 'ok' or 'error', with the checks above. Anything else propagates."""
    try:
        release = extract_release(FUZZ_PATH, text=text)
    except SourceError as err:
        check_error(err, text)
        return "error"
    check_release(release, text)
    return "ok"


def fuzz(count: int, seed: int = 20240601) -> Iterator[tuple[int, str, list[str]]]:
    """``count`` mutants, deterministic for ``seed``: (number, text, mutations applied)."""
    rng = random.Random(seed)
    seeds = seed_texts()
    for n in range(count):
        text, names = mutant(rng, seeds)
        yield n, text, names


def test_seed_releases_pass_the_checks() -> None:
    for path, text in zip(SEEDS, seed_texts(), strict=True):
        assert run_one(text) == "ok", path


@pytest.mark.parametrize("chunk", range(3))
def test_mutants_return_a_release_or_raise_source_error(chunk: int) -> None:
    outcomes: Counter[str] = Counter()
    for _, text, _ in fuzz(MUTANTS_IN_TEST // 3, seed=20240601 + chunk):
        outcomes[run_one(text)] += 1
    assert outcomes["ok"] and outcomes["error"], outcomes  # the mutants reach both outcomes


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\ufeff",
        "\r\n\r\n",
        "폰트 확대 폰트 축소 프린트하기\n많이 본 뉴스",
        "과학기술정보통신부(장관 유영민)는 4월 23일, ‘2019년 사업’\n2019-04-23 면",
        "제목\n과학기술정보통신부는 4월 23일 ‘2019년 소프트웨어 융합클러스터 2.0’ 사업\n2019-04-23 면",
        "제목\n과학기술정보통신부는 4월 23일 ‘2019년 소프트웨어 융합클러스터 2.0’ 사업\n"
        "ㅇ 부산광역시는 물류\n2019-04-23 면",
    ],
)
def test_small_pages(text: str) -> None:
    run_one(text)


def main(argv: list[str]) -> int:
    """Run a longer campaign by hand: ``python -m tests.unit.test_extract_robustness [count] [seed]``."""
    count = int(argv[0]) if argv else 50_000
    seed = int(argv[1]) if len(argv) > 1 else 1
    outcomes: Counter[str] = Counter()
    crashes: Counter[str] = Counter()
    started = time.perf_counter()
    slowest = (0.0, -1)
    for n, text, names in fuzz(count, seed):
        began = time.perf_counter()
        try:
            outcomes[run_one(text)] += 1
        except Exception as err:  # a campaign reports every crash and goes on
            outcomes["crash"] += 1
            where = traceback.extract_tb(err.__traceback__)[-1]
            key = f"{type(err).__name__} at {Path(where.filename).name}:{where.lineno}"
            if not crashes[key]:
                print(f"--- mutant {n} ({', '.join(names)}): {key}: {err!r}"[:2000])
                Path(f"/tmp/crash-{len(crashes)}.txt").write_text(text, encoding="utf-8", newline="")
            crashes[key] += 1
        slowest = max(slowest, (time.perf_counter() - began, n))
    print(f"slowest mutant: {slowest[1]} in {slowest[0]:.3f}s")
    print(f"{count} mutants in {time.perf_counter() - started:.1f}s: {dict(outcomes)}")
    for key, n in crashes.most_common():
        print(f"{n:6d}  {key}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


# The crashes the fuzzer found, each kept as a plain example.
SEED_RELEASE = PROJECT_ROOT / "sources" / "2019-04-23-msit-sw-convergence-cluster-2.0.txt"


def seed_release() -> str:
    return SEED_RELEASE.read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if fragment in line)


def source_error(text: str) -> SourceError:
    with pytest.raises(SourceError) as err:
        extract_release(FUZZ_PATH, text=text)
    check_error(err.value, text)
    return err.value


def test_a_region_twice_is_an_error_naming_both_lines() -> None:
    lines = seed_release().split("\n")
    first = next(n for n, line in enumerate(lines) if line.startswith("ㅇ 부산광역시는"))
    lines[first + 4 : first + 4] = lines[first : first + 3]  # the paragraph and its plan line again
    err = source_error("\n".join(lines))
    assert err.line == first + 5 and f"line {first + 1}" in err.problem and "one project per region" in err.problem


def test_a_budget_of_nothing_is_an_error() -> None:
    err = source_error(seed_release().replace("총사업비 약 194억원", "총사업비 0원"))
    assert err.line == 44 and "not a positive amount" in err.problem


def test_a_bad_amount_in_prose_targets_names_its_line() -> None:
    text = seed_release().replace("사업계획 : 총사업비 약 124억원을 투입", "총사업비 약 124억원을 투입")
    text = text.replace("물류산업의 디지털", "1억억원 물류산업의 디지털")
    err = source_error(text)
    assert (err.line, err.text) == (line_of(text, "1억억원"), "1억억")


@pytest.mark.parametrize("figure", ["9" * 29 + "억원", "9" * 5000 + "명"])
def test_figures_with_too_many_digits_are_errors(figure: str) -> None:
    err = source_error(seed_release().replace("고용창출 2,000명", f"고용창출 {figure}"))
    assert err.line == 36 and "too many digits" in err.problem


def test_a_count_of_regions_with_thousands_of_digits_is_an_error() -> None:
    text = seed_release().replace("총 5개 지역을", "총 " + "5" * 5000 + "개 지역을")
    err = source_error(text)
    assert err.line == line_of(text, "5" * 5000) and "too many digits" in err.problem


@pytest.mark.parametrize("before", ["\ufeff", "\u200b", "ㅇ1) "])
def test_a_lead_after_a_bom_or_odd_bullets_is_read(before: str) -> None:
    text = seed_release().replace("과학기술정보통신부(장관", before + "과학기술정보통신부(장관", 1)
    release = extract_release(FUZZ_PATH, text=text)
    assert release.ministry.name == "과학기술정보통신부" and release.ministry.minister is not None
    check_release(release, text)


def test_a_bom_only_line_is_no_title() -> None:
    lines = seed_release().split("\n")
    lead = next(n for n, line in enumerate(lines) if line.startswith("과학기술정보통신부(장관"))
    lines.insert(lead, "\ufeff")
    text = "\n".join(lines)
    release = extract_release(FUZZ_PATH, text=text)
    assert release.title == "과기정통부, 지역 특화산업 연계 소프트웨어 융합 생태계 조성 확대"
    check_release(release, text)


def test_zero_figures_are_no_budget_no_period_and_no_target() -> None:
    text = seed_release().replace("약 590억원 규모의 국비", "약 0원 규모의 국비").replace("상용화율 40%", "000%")
    text = text.replace("‘19년부터 ’23년까지", "0년간")
    release = extract_release(FUZZ_PATH, text=text)
    check_release(release, text)
    assert release.national_budget is None
    assert any("without the wording of its target" in u.reason for u in release.unread)


def test_an_unknown_industry_without_a_main_object_keeps_another_object() -> None:
    text = seed_release().replace(
        "ㅇ 인천광역시는 바이오정보 서비스의 라이프로그를 중심으로 다양한 신서비스의 창출과 성장펀드의 지속적 조성 및 "
        "운영을 통해 우수기업 발굴육성을 적극 추진할 계획이다.",
        "ㅇ 인천광역시는 지역 기업이 참여하는 컨소시엄을 구성하여 공정 자동화 서비스를 공동 개발할 예정이다.",
    )
    release = extract_release(FUZZ_PATH, text=text)
    check_release(release, text)
    assert (release.projects[0].industry, release.projects[0].industry_text) == (None, "공정 자동화 서비스")
