import re

import pytest

from kgbuild.errors import BadInput
from kgbuild.queries import find_query, load_queries, parse_query_file


def write(tmp_path, text):
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    return path


def test_header_is_parsed(tmp_path):
    q = parse_query_file(write(tmp_path, "#+ title: T\n#+ description: D\n#+ params: region, ?year\nSELECT * {}\n"))
    assert (q.name, q.title, q.description, q.params) == ("q", "T", "D", ("region", "year"))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("#+ titel: T\n#+ description: D\nASK {}", "unknown header key 'titel'"),
        ("#+ title T\n#+ description: D\nASK {}", "line 1: malformed header"),
        ("#+ title: T\nASK {}", "'#+ description:' header line is missing"),
    ],
)
def test_bad_headers_fail_loudly(tmp_path, text, problem):
    with pytest.raises(BadInput, match=re.escape(problem)):
        parse_query_file(write(tmp_path, text))


def test_project_queries_all_parse():
    queries = load_queries()
    assert len(queries) >= 15
    names = {q.name for q in queries}
    assert {"announcements", "national-budgets", "regional-projects", "targets", "quotes"} <= names


def test_unknown_query_name_lists_the_known_ones():
    with pytest.raises(BadInput, match=r"known: .*announcements"):
        find_query("no-such-query")
