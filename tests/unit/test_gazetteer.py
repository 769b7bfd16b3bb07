from datetime import date

import pytest

from kgbuild.gazetteer import load_gazetteer
from kgbuild.paths import SOURCES_DIR


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


# ---------------------------------------------------------------------------------------------------
# 시·군·구 of the corpus, and names several regions share
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("상주시", "sangju"),
        ("상주", "sangju"),
        ("김제시", "gimje"),
        ("김제", "gimje"),
        ("고흥군", "goheung"),
        ("고흥", "goheung"),
        ("밀양", "miryang"),
        ("보성군", "boseong"),
        ("시흥", "siheung"),
        ("홍성군", "hongseong"),
        ("남원", "namwon"),
        ("장성", "jangseong"),
        ("영광", "yeonggwang"),
        ("신안군", "sinan"),
        ("태백시", "taebaek"),
        ("종로구", "jongno"),
        ("상당구", "cheongju-sangdang"),
        ("강화군", "ganghwa"),
    ],
)
def test_new_sigungu_by_full_and_short_name(gazetteer, spelling, key):
    assert gazetteer.find(spelling).key == key


def test_new_sigungu_lie_in_their_sido(gazetteer):
    assert (gazetteer["sangju"].parent, gazetteer["sangju"].level) == ("gyeongbuk", "sigungu")
    assert (gazetteer["goseong-gyeongnam"].name_ko, gazetteer["goseong-gyeongnam"].parent) == ("고성군", "gyeongnam")
    assert (gazetteer["busan-dong-gu"].name_ko, gazetteer["busan-dong-gu"].level) == ("동구", "sigungu")  # a 자치구
    assert (gazetteer["cheongju-sangdang"].level, gazetteer["cheongju-sangdang"].parent) == ("gu", "cheongju")
    assert gazetteer.lies_in(gazetteer["cheongju-sangdang"], "chungbuk")
    assert not gazetteer.lies_in(gazetteer["sangju"], "gyeongnam")


@pytest.mark.parametrize("spelling", ["고성", "고성군", "중구", "동구", "서구", "남구", "북구", "강서구"])
def test_a_shared_name_alone_is_no_region(gazetteer, spelling):
    assert gazetteer.find(spelling) is None
    assert len(gazetteer.candidates(spelling)) >= 2


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("경남 고성군", "goseong-gyeongnam"),
        ("경남 고성", "goseong-gyeongnam"),
        ("경상남도 고성군", "goseong-gyeongnam"),
        ("강원 고성군", "goseong-gangwon"),
        ("강원특별자치도 고성", "goseong-gangwon"),
        ("부산 동구", "busan-dong-gu"),
        ("부산광역시 동구", "busan-dong-gu"),
        ("광주 동구", "gwangju-dong-gu"),
        ("대구 남구", "daegu-nam-gu"),
        ("인천 중구", "incheon-jung-gu"),
        ("부산 강서구", "busan-gangseo-gu"),
        ("부산 해운대구", "haeundae"),  # a unique name may be qualified too
        ("충남 천안시 동남구", "cheonan-dongnam"),
        ("충북 청주시 상당구", "cheongju-sangdang"),
    ],
)
def test_a_name_qualified_by_its_sido_resolves(gazetteer, spelling, key):
    assert gazetteer.find(spelling).key == key


def test_find_within_a_region(gazetteer):
    assert gazetteer.find("고성", within="gyeongnam").key == "goseong-gyeongnam"
    assert gazetteer.find("고성군", within="gangwon").key == "goseong-gangwon"
    assert gazetteer.find("동구", within="busan").key == "busan-dong-gu"
    assert gazetteer.find("경남 고성", within="gyeongnam").key == "goseong-gyeongnam"
    assert gazetteer.find("동구", within="seoul") is None  # 서울 has no 동구
    assert gazetteer.find("천안시", within="gyeongbuk") is None  # a region elsewhere is not taken
    assert gazetteer.find("경북 천안시") is None  # nor when the qualifier contradicts it


def test_find_all_resolves_a_shared_name_after_its_sido_only(gazetteer):
    def found(text, **kw):
        return [(region.key, m.group(0)) for region, m in gazetteer.find_all(text, **kw)]

    assert found("서울 종로구, 광주 동구, 대구 남구") == [
        ("seoul", "서울"),
        ("jongno", "종로구"),
        ("gwangju", "광주"),
        ("gwangju-dong-gu", "동구"),
        ("daegu", "대구"),
        ("daegu-nam-gu", "남구"),
    ]
    assert found("경상남도 고성군을 선정") == [("gyeongnam", "경상남도"), ("goseong-gyeongnam", "고성군")]
    assert found("고성군은 좋은 평가를 받았다") == []  # which 고성군 is for the reader of the whole text to say
    assert found("강화군 외포항, 중구 덕교항") == [("ganghwa", "강화군")]
    assert found("강화군 외포항, 중구 덕교항", within="incheon") == [("ganghwa", "강화군"), ("incheon-jung-gu", "중구")]


def test_find_all_takes_a_short_form_only_as_a_word(gazetteer):
    def keys(text):
        return [region.key for region, _ in gazetteer.find_all(text)]

    assert keys("영광·목포·신안 일대에서") == ["yeonggwang", "mokpo", "sinan"]
    assert keys("전남 보성과 경기 시흥에") == ["jeonnam", "boseong", "gyeonggi", "siheung"]
    assert keys("상주 혁신밸리, 고흥만 간척지") == ["sangju", "goheung"]
    assert keys("최고성능 장비가 상주하는 영광입니다") == []


def test_existing_names_are_unchanged(gazetteer):
    assert [r.key for r, _ in gazetteer.find_all("충청남도는 아산시와 천안시를 핵심거점으로")] == [
        "chungnam",
        "asan",
        "cheonan",
    ]
    assert gazetteer.find("광주").key == "gwangju"  # the 시도, as before
    assert gazetteer.find("해운대").key == "haeundae"
    assert gazetteer.find("구미시").key == "gumi"
    assert gazetteer.find("천안시 동남구").key == "cheonan-dongnam"


def test_new_sigungu_carry_no_code_without_a_verified_row(gazetteer):
    for key in ("sangju", "gimje", "goseong-gyeongnam", "goseong-gangwon", "busan-dong-gu", "jongno"):
        assert gazetteer[key].identifiers == {}, key
    assert gazetteer["asan"].identifiers["bjd5"] == "44200"  # the verified 시·군 codes stay


def test_a_shared_name_takes_codes_only_from_a_qualified_identifier_row(tmp_path):
    for name in ("regions.csv", "region-renamings.csv"):
        (tmp_path / name).write_bytes((SOURCES_DIR / name).read_bytes())
    (tmp_path / "reference").mkdir()
    header = "entity_ko,entity_en,scheme,identifier,label_in_scheme,evidence,status\n"
    (tmp_path / "reference" / "identifiers.csv").write_text(
        header
        + "고성군,Goseong-gun,법정동코드 시군구 (5-digit),test-a,,test row,VERIFIED\n"
        + "경상남도 고성군,Goseong-gun,법정동코드 시군구 (5-digit),test-b,,test row,VERIFIED\n",
        encoding="utf-8",
    )
    regions = load_gazetteer(tmp_path)
    assert regions["goseong-gyeongnam"].identifiers == {"bjd5": "test-b"}
    assert regions["goseong-gangwon"].identifiers == {}  # the bare 고성군 row names neither


def test_membership_is_by_key(gazetteer):
    assert "sangju" in gazetteer and "busan-dong-gu" in gazetteer
    assert "상주시" not in gazetteer and "atlantis" not in gazetteer
