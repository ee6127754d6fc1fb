import pytest

from kb.casenumber import CaseNumber, describe, parse

CN_CIVIL_1 = {"procedure": "民初", "procedure_en": "civil, first instance", "procedure_zh": "民事一审"}
CN_CIVIL_2 = {"procedure": "民终", "procedure_en": "civil, second instance (appeal)", "procedure_zh": "民事二审"}
US_CIVIL = {"procedure": "cv", "procedure_en": "civil", "procedure_zh": "民事"}
DE_LG = {"procedure": "O", "procedure_en": "civil, first instance (Landgericht)", "procedure_zh": "民事一审"}
DE_OLG = {"procedure": "U", "procedure_en": "civil appeal (Oberlandesgericht)", "procedure_zh": "民事二审"}


def cn(year, court, seq, proc=CN_CIVIL_1, **more):
    return {"system": "cn", "year": year, "court_code": court, "sequence": seq, **proc, **more}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(2023)京0491民初11279号", cn(2023, "京0491", "11279")),
        ("(2023)京0491民初12142号", cn(2023, "京0491", "12142")),
        ("(2018)京0491民初239号", cn(2018, "京0491", "239")),
        ("(2024)粤0192民初113号", cn(2024, "粤0192", "113")),
        ("(2024)浙0192民初1587号", cn(2024, "浙0192", "1587")),
        ("(2024)浙01民终10332号", cn(2024, "浙01", "10332", CN_CIVIL_2)),
        ("(2019)粤0305民初14010号", cn(2019, "粤0305", "14010")),
        ("(2024)0192民初1587号", cn(2024, "0192", "1587", extra="province omitted")),
        ("（2023）京0491民初11279号", cn(2023, "京0491", "11279")),
        ("(2023)京0491民初11279號", cn(2023, "京0491", "11279")),
        ("(2019)粤0192民初231-252号", cn(2019, "粤0192", "231-252")),
        ("(2019)京73民初1234号", cn(2019, "京73", "1234")),
        (
            "(2021)最高法知民终1234号",
            cn(2021, "最高法", "1234",
               {"procedure": "知民终", "procedure_en": "IP civil, appeal", "procedure_zh": "知识产权民事二审"}),
        ),
        ("(2022)苏0581执恢12号", cn(2022, "苏0581", "12", {"procedure": "执恢"})),
        (
            "3:23-cv-00201-WHO",
            {"system": "us", "division": "3", "year": 2023, **US_CIVIL, "sequence": "00201", "judge": "WHO"},
        ),
        ("1:23-cv-11195", {"system": "us", "division": "1", "year": 2023, **US_CIVIL, "sequence": "11195"}),
        ("23-cv-11195", {"system": "us", "year": 2023, **US_CIVIL, "sequence": "11195"}),
        (
            "4:22-cv-06823-JST",
            {"system": "us", "division": "4", "year": 2022, **US_CIVIL, "sequence": "06823", "judge": "JST"},
        ),
        (
            "1:22-cv-01564-BAH",
            {"system": "us", "division": "1", "year": 2022, **US_CIVIL, "sequence": "01564", "judge": "BAH"},
        ),
        (
            "1:20-cv-613-SB",
            {"system": "us", "division": "1", "year": 2020, **US_CIVIL, "sequence": "613", "judge": "SB"},
        ),
        (
            "1:25-md-03143",
            {"system": "us", "division": "1", "year": 2025, "procedure": "md",
             "procedure_en": "multidistrict litigation", "procedure_zh": "多区诉讼", "sequence": "03143"},
        ),
        (
            "1:25-md-03143-SHS-OTW",
            {"system": "us", "division": "1", "year": 2025, "procedure": "md",
             "procedure_en": "multidistrict litigation", "procedure_zh": "多区诉讼", "sequence": "03143",
             "judge": "SHS-OTW"},
        ),
        ("23-5233", {"system": "us-appeal", "year": 2023, "sequence": "5233"}),
        ("No. 23-5233", {"system": "us-appeal", "year": 2023, "sequence": "5233"}),
        ("24-7700", {"system": "us-appeal", "year": 2024, "sequence": "7700"}),
        (
            "[2025] EWHC 2863 (Ch)",
            {"system": "uk", "year": 2025, "court_code": "EWHC", "sequence": "2863", "division": "Ch"},
        ),
        (
            "[2023] EWCA Civ 1234",
            {"system": "uk", "year": 2023, "court_code": "EWCA", "sequence": "1234", "division": "Civ"},
        ),
        ("[2023] UKSC 49", {"system": "uk", "year": 2023, "court_code": "UKSC", "sequence": "49"}),
        (
            "IL-2023-000007",
            {"system": "uk-claim", "year": 2023, "procedure": "IL", "procedure_en": "Intellectual Property List",
             "procedure_zh": "知识产权案件清单", "sequence": "000007"},
        ),
        ("42 O 14139/24", {"system": "de", "year": 2024, "court_code": "42", **DE_LG, "sequence": "14139"}),
        ("310 O 227/23", {"system": "de", "year": 2023, "court_code": "310", **DE_LG, "sequence": "227"}),
        ("5 U 104/24", {"system": "de", "year": 2024, "court_code": "5", **DE_OLG, "sequence": "104"}),
        (
            "6 U 3662/25 e",
            {"system": "de", "year": 2025, "court_code": "6", **DE_OLG, "sequence": "3662", "extra": "e"},
        ),
        (
            "I ZR 12/24",
            {"system": "de", "year": 2024, "court_code": "I", "procedure": "ZR",
             "procedure_en": "civil appeal on points of law (Revision)", "procedure_zh": "民事法律审",
             "sequence": "12"},
        ),
        (
            "10 C 13/2023-16",
            {"system": "cz", "year": 2023, "court_code": "10", "procedure": "C",
             "procedure_en": "civil, first instance", "procedure_zh": "民事一审", "sequence": "13", "extra": "16"},
        ),
        (
            "C-250/25",
            {"system": "eu", "year": 2025, "procedure": "C", "procedure_en": "Court of Justice case",
             "procedure_zh": "欧盟法院案件", "sequence": "250"},
        ),
        (
            "CS(COMM) 1028/2024",
            {"system": "in", "year": 2024, "procedure": "CS(COMM)", "procedure_en": "commercial civil suit",
             "procedure_zh": "商事民事诉讼", "sequence": "1028"},
        ),
        (
            "  3:23-cv-00201-WHO \n",
            {"system": "us", "division": "3", "year": 2023, **US_CIVIL, "sequence": "00201", "judge": "WHO"},
        ),
    ],
)
def test_known_formats_are_split_into_their_parts(text, expected):
    number = parse(text)
    assert number is not None
    assert number.as_dict() == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "2023京0491民初11279号",
        "(23)京0491民初11279号",
        "(2023)京0491民初号",
        "(2023)X0491民初11279号",
        "3:23-xx",
        "3:23-cv-00201-who",
        "[2025] 2863",
        "[2025] XYZ 2863",
        "42 O /24",
        "C-250",
        "IL-23-000007",
    ],
)
def test_unknown_formats_give_none(text):
    assert parse(text) is None


def test_describe_a_chinese_number():
    number = parse("(2023)京0491民初11279号")
    assert describe(number) == "2023 · court 京0491 · civil, first instance (民事一审) · no. 11279"


def test_describe_a_us_number():
    number = parse("3:23-cv-00201-WHO")
    assert describe(number) == "2023 · division 3 · civil · no. 00201 · judge WHO"  # no Chinese gloss of "cv"


def test_only_a_chinese_number_is_glossed_in_chinese():
    assert "(民事一审)" in describe(parse("(2023)京0491民初11279号"))
    for text in ("3:23-cv-00201-WHO", "42 O 14139/24", "3 C 15/2023-16"):
        number = parse(text)
        assert number is not None
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in describe(number)), describe(number)


def test_describe_an_unknown_procedure_shows_its_code():
    assert describe(parse("(2022)苏0581执恢12号")) == "2022 · court 苏0581 · procedure 执恢 · no. 12"


def test_as_dict_drops_none_values():
    number = CaseNumber("us-appeal", year=2023, sequence="5233")
    assert number.as_dict() == {"system": "us-appeal", "year": 2023, "sequence": "5233"}
    assert None not in parse("23-5233").as_dict().values()
