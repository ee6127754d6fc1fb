import datetime as dt

import pytest
from pydantic import ValidationError

from kb.dates import as_date_text
from kb.models import Case, Court, Source, fields_of


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
