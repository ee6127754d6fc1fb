import datetime as dt

import pytest
from pydantic import ValidationError

from kb.dates import as_date_text
from kb.models import Case, Court, Record, Source, fields_of


def test_field_specs_are_read_off_the_annotations():
    specs = {s.name: s for s in fields_of(Case)}
    assert specs["court"].ref == "courts" and not specs["court"].is_list
    assert specs["claims"].ref == "claims" and specs["claims"].table == "case_claims" and specs["claims"].is_list
    assert specs["events"].table == "events" and specs["events"].model.__name__ == "Event"
    assert specs["filed"].is_date and not specs["title"].is_date
    assert specs["ruling"].model.__name__ == "Ruling" and specs["ruling"].table is None


def test_unknown_fields_are_errors():
    with pytest.raises(ValidationError, match="extra_forbidden|Extra inputs"):
        Court.model_validate({"id": "c", "name": "C", "jurisdiction": "CN", "colour": "red"})


@pytest.mark.parametrize("url", ["https://example.org/a", "http://court.gov.cn/x?id=1"])
def test_web_urls(url):
    assert Source(id="s1", url=url, title="t", publisher="p").url == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "https://", "https://no-dot", "ftp://x.org",
                                 "https://example.org/a b"])
def test_non_web_urls_are_refused(url):
    with pytest.raises(ValidationError):
        Source(id="s1", url=url, title="t", publisher="p")


def test_dates_keep_their_text_whatever_yaml_made_of_them():
    assert as_date_text(2023) == "2023"
    assert as_date_text(dt.date(2023, 11, 27)) == "2023-11-27"
    assert as_date_text("2023-11") == "2023-11"
    assert as_date_text(True) is True and as_date_text(2023.5) == 2023.5


# -- no text field holds a control character ------------------------------------------------------
def _all_models():
    from kb.models import REGISTRIES

    seen, todo = [], list(REGISTRIES.values())
    while todo:
        model = todo.pop()
        if model not in seen:
            seen.append(model)
            todo += [spec.model for spec in fields_of(model) if spec.model is not None]
    return seen


CANDIDATES = ["ab", "2023-11-27", "https://example.org/x", "CN", "USD", "en", "cand", "BGH"]
CONTROL_CHARACTERS = ["\x00", "\x1b", "\x0b", "\r", "\x7f", "\x85", "\x9b", "\ufffe", "\uffff", "\ufdd0",
                      "\U0010ffff", "\ud800"]
TEXT_FIELDS = [(model, name) for model in _all_models() for name in model.model_fields]


def _field_adapter(model, name):
    from typing import Annotated

    from pydantic import TypeAdapter

    info = model.model_fields[name]
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation)


@pytest.mark.parametrize("model, name", TEXT_FIELDS, ids=[f"{m.__name__}.{n}" for m, n in TEXT_FIELDS])
def test_no_field_of_any_model_takes_a_control_character(model, name):
    """Every field that takes some text refuses that text with a control character, a noncharacter or a lone
    surrogate in it, naming the character; a new field (or registry) without the shared check fails here."""
    from typing import Literal, get_args, get_origin

    adapter = _field_adapter(model, name)
    spec = next(s for s in fields_of(model) if s.name == name)
    candidates = list(get_args(spec.type)) if get_origin(spec.type) is Literal else CANDIDATES
    wrap = (lambda v: [v]) if spec.is_list else (lambda v: v)
    accepted = []
    for value in candidates:
        try:
            adapter.validate_python(wrap(value))
        except ValidationError:
            continue
        accepted.append(value)
    if spec.model is not None or not accepted:
        return  # not a text field (numbers, sub-records)
    for value in accepted:
        for char in CONTROL_CHARACTERS:
            for at in (0, 1, len(value)):
                with pytest.raises(ValidationError) as caught:
                    adapter.validate_python(wrap(value[:at] + char + value[at:]))
                assert f"U+{ord(char):04X}" in str(caught.value) or spec.type is not str


def test_tab_and_newline_are_text():
    assert Court(id="c", name="a\tb\nc", jurisdiction="CN").name == "a\tb\nc"


@pytest.mark.parametrize("amount", [float("inf"), float("-inf"), float("nan"), 1e400, -1, -0.5, True, False, "500", "1e3",
                                    None])
def test_an_amount_is_a_finite_non_negative_number_and_nothing_else(amount):
    from kb.models import Damages

    with pytest.raises(ValidationError):
        Damages(amount=amount, currency="CNY")


@pytest.mark.parametrize("amount", [0, 500, 1_000_000, 0.5, 1e300])
def test_amounts(amount):
    from kb.models import Damages

    assert Damages(amount=amount, currency="CNY").amount == amount



class _Earlier(Record):
    items: list["_Later"] = []


class _Later(Record):
    x: str = ""


class _Dangling(Record):
    items: list["_Nowhere"] = []


def test_a_sub_record_defined_further_down_is_still_a_sub_record():
    """A list of sub-records whose class comes later in the module must not be stored as a plain list."""
    (spec,) = fields_of(_Earlier)
    assert spec.is_list and spec.model is _Later


def test_a_type_that_is_nowhere_defined_is_an_error_not_text():
    with pytest.raises(Exception, match="_Nowhere"):
        fields_of(_Dangling)
