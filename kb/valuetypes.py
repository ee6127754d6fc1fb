"""The kinds of value a field of the models holds: ids, text, dates, amounts, country codes, web addresses.

Each is a typing `Annotated` type that carries its checks (pydantic) and what its JSON Schema says, so
that `kb validate`, the schemas in `schemas/` and the editors that read them agree on what is valid.
`kb.models` builds the records from them.
"""

from __future__ import annotations

import re
import sys
from typing import Annotated, Any

from pydantic import (AfterValidator, BeforeValidator, Field, GetCoreSchemaHandler, GetJsonSchemaHandler,
                      StringConstraints, WithJsonSchema)
from pydantic_core import PydanticCustomError

from kb.dates import DATE_PATTERN, as_date_text, check_partial_date
from kb.textsafe import CONTROL, character_name


# Characters no text in the data may hold: C0 controls other than tab and newline (a YAML escape
# such as "\e" or "\0" writes them), DEL, C1 controls, Unicode's noncharacters (U+FFFE, U+FFFF, ...)
# and lone surrogates (kb.textsafe.CONTROL). They break XML exports and reach terminals as escape sequences.
def _check_characters(value: object) -> object:
    # Printable text (most fields: no newline) holds none of them; str.isprintable says so faster than a search.
    if isinstance(value, str) and not value.isprintable():
        found = CONTROL.search(value)
        if found:
            raise PydanticCustomError(
                "control_character", "holds {character} at character {position}",
                {"character": character_name(found.group()), "position": found.start() + 1})
    return value


# The same rule for the JSON Schemas (editors, check-jsonschema), as far as a pattern of JSON Schema can
# say it: the noncharacters beyond U+FFFF and lone surrogates are left to kb validate.
TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\ufdd0-\\ufdef\\ufffe\\uffff]*$"


class _NoControlCharacters:
    """Checks text before the other checks (so that even a lone surrogate, which pydantic's own checks
    cannot read, is refused and named), and gives a text's JSON Schema the pattern that says the same."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(_check_characters, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        json_schema = handler(schema)
        if json_schema.get("type") == "string" and "pattern" not in json_schema:
            json_schema["pattern"] = TEXT_PATTERN
        return json_schema


# Part of every type of text in the models (a test checks that no field is without it): text may hold
# tabs and newlines, no other control character.
NoControlCharacters = _NoControlCharacters()

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    NoControlCharacters,
    Field(description="A stable lowercase id: letters a-z, digits and single hyphens.", examples=["cn-bj-internet"]),
]
# Names Windows reserves for devices in every folder: a record's id becomes a folder of the site
# (cases/<id>/), which no one could then check out or open on Windows.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))})


def not_reserved(value: str) -> str:
    if value in WINDOWS_RESERVED:
        raise ValueError(f"'{value}' is a name Windows reserves for a device, and ids become folder names; "
                         "choose another id")
    return value


RecordId = Annotated[Slug, AfterValidator(not_reserved),
                     WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": 80,
                                     "not": {"enum": sorted(WINDOWS_RESERVED)},
                                     "description": "A stable lowercase id: letters a-z, digits and single hyphens; "
                                                    "not a name Windows reserves for a device (con, nul, aux...).",
                                     "examples": ["cn-bj-internet"]})]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000), NoControlCharacters]
PartialDate = Annotated[
    str,
    BeforeValidator(as_date_text),
    AfterValidator(check_partial_date),
    NoControlCharacters,
    # What the validators accept, for the JSON Schemas: a real calendar date as text, or a bare year
    # (YAML reads an unquoted `2023` as a number).
    WithJsonSchema({
        "description": "A date at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD "
                       "(a real calendar date; a bare year may be written unquoted).",
        "anyOf": [{"type": "string", "pattern": DATE_PATTERN}, {"type": "integer", "minimum": 1000, "maximum": 9999}],
        "examples": ["2023-11-27", "2023-11", "2023"],
    }),
]
# A number as written, never converted: `true` and `"500"` are refused, and so are `.inf`, `nan` and
# `1e400` (too large for a float, so infinite), which no store or output can carry.
# (The maximum, the largest float, is for the JSON Schemas, which cannot say "finite".)
Amount = Annotated[float, Field(ge=0, le=sys.float_info.max, strict=True, allow_inf_nan=False)]
def _check_country(code: str) -> str:
    from kb.countries import country_error

    problem = country_error(code)
    if problem:
        raise ValueError(problem)
    return code


CountryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    AfterValidator(_check_country),
    NoControlCharacters,
    Field(description="ISO 3166-1 alpha-2 country code (EU for the European Union).", examples=["CN", "US", "GB"]),
]


WEB_URL_PATTERN = r"^https?://[^\s/?#\u0000-\u001f\u007f-\u009f]+\.[^\s\u0000-\u001f\u007f-\u009f]+$"
_WEB_URL = re.compile(WEB_URL_PATTERN)


def _check_web_url(value: str) -> str:
    if not _WEB_URL.match(value):
        raise ValueError("a source URL must be a web address starting with https:// or http://")
    return value


WebUrl = Annotated[
    str,
    StringConstraints(max_length=2000),
    AfterValidator(_check_web_url),
    NoControlCharacters,
    WithJsonSchema({"type": "string", "maxLength": 2000, "pattern": WEB_URL_PATTERN,
                    "description": "An http(s) web address.", "examples": ["https://www.bjinternetcourt.gov.cn/"]}),
]
