from datetime import date

import pytest

from kgbuild.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def test_all_seventeen_sido_with_short_forms_and_codes(gazetteer):
    sido = gazetteer.sido()
    assert len(sido) == 17
    for region in sido:
        assert region.short and len(region.short) == 2, region.key
        for scheme in ("wikidata", "bjd2", "bjd10", "kostat", "iso3166_2", "geonames"):
            assert region.identifiers.get(scheme), (region.key, scheme)


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("인천", "incheon"),
        ("인천광역시", "incheon"),
        ("경남", "gyeongnam"),
        ("경상남도", "gyeongnam"),
        ("충남", "chungnam"),
        ("충청남도", "chungnam"),
        ("강원특별자치도", "gangwon"),
        ("세종시", "sejong"),
        ("아산시", "asan"),
        ("광주", "gwangju"),
    ],
)
def test_find_by_any_spelling(gazetteer, spelling, key):
    assert gazetteer.find(spelling).key == key


def test_codes_of_the_two_systems_are_kept_apart(gazetteer):
    # 26 is 부산 in 법정동 and ISO, but 울산 in the 통계청 numbering (identifiers-notes.md, section 7)
    assert gazetteer["busan"].identifiers["bjd2"] == "26"
    assert gazetteer["ulsan"].identifiers["kostat"] == "26"
    assert gazetteer["ulsan"].identifiers["wikidata"] == "Q41278"  # not Q41283 (광주)
    assert gazetteer["sejong"].identifiers["iso3166_2"] == "KR-50"
    assert gazetteer["sejong"].identifiers["bjd10"] == "3611000000"


def test_renamed_provinces_keep_dated_names_and_codes(gazetteer):
    gangwon = gazetteer["gangwon"]
    assert gangwon.name_at(date(2019, 4, 23)) == "강원도"
    assert gangwon.name_at(date(2023, 6, 10)) == "강원도"
    assert gangwon.name_at(date(2023, 6, 11)) == "강원특별자치도"
    assert [n.identifiers.get("bjd2") for n in gangwon.names] == ["42", "51"]
    jeonbuk = gazetteer["jeonbuk"]
    assert jeonbuk.name_at(date(2024, 1, 17)) == "전라북도"
    assert jeonbuk.name_at(date(2024, 1, 18)) == "전북특별자치도"


def test_unverified_rows_are_not_used(gazetteer):
    assert "dbpedia" not in gazetteer["incheon"].identifiers
    assert "kostat" not in gazetteer["cheongju"].identifiers  # its 통계청 row is UNVERIFIED
