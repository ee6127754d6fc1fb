"""A contributor's wording of what validation found: each pydantic error said in the data's terms
(`unknown field 'titel'`, `'lawsiut' is not a valid kind`), with a hint on how to fix it."""

from __future__ import annotations

import difflib
import math
import re
from typing import Any, Optional

from kb.i18n import _
from kb.models import REGISTRIES, Record, fields_of


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false value"
    return {dict: "mapping", list: "list", str: "text", int: "number", float: "number"}.get(type(value), "value")


def _model_at(model: type[Record], loc: tuple) -> Optional[type[Record]]:
    """The record type that holds the last key of `loc`."""
    for step in loc[:-1]:
        if isinstance(step, int):
            continue
        spec = next((s for s in fields_of(model) if s.name == step), None)
        if spec is None or spec.model is None:
            return None
        model = spec.model
    return model


def is_reference(model: type[Record], loc: tuple) -> bool:
    holder = _model_at(model, tuple(step for step in loc if not isinstance(step, int)))
    name = next((step for step in reversed(loc) if isinstance(step, str)), None)
    return holder is not None and any(s.name == name and s.ref for s in fields_of(holder))


def explain(model: type[Record], loc: tuple, err: dict) -> tuple[str, Optional[str]]:
    """A contributor's wording of a pydantic error, with a hint on how to fix it."""
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    name = str(loc[-1]) if loc else "record"
    if kind == "missing":
        return _("missing required field '{name}'").format(name=name), None
    if kind == "extra_forbidden":
        holder = _model_at(model, loc)
        allowed = list(holder.model_fields) if holder else []
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = (_("did you mean '{name}'?").format(name=close[0]) if close
                else _("allowed: {names}").format(names=", ".join(allowed)) if allowed else None)
        return _("unknown field '{name}'").format(name=name), hint
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = _("did you mean '{name}'?").format(name=close[0]) if close else None
        return _("'{value}' is not a valid {name}; expected {expected}").format(value=value, name=name,
                                                                                 expected=expected), hint
    if kind == "string_type":
        if isinstance(value, bool):
            return (_("{name}: expected text, found {value}").format(name=name, value=str(value).lower()),
                    _("YAML reads true and false as booleans; put the value in quotes"))
        if name in _DATE_FIELDS:
            return (_("{name}: {value!r} is not a date").format(name=name, value=value),
                    _("write dates as YYYY, YYYY-MM or YYYY-MM-DD"))
        return _("{name}: expected text, found {what}").format(name=name, what=_a(value)), (
            _("put the value in quotes") if isinstance(value, (int, float)) else None)
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if "a-z0-9" in pattern:
            return (_("{name}: '{value}' is not a valid id").format(name=name, value=value),
                    _("use lowercase letters, digits and single hyphens, e.g. '{example}'").format(
                        example=_slugify(str(value))))
        if "A-Z]{2}" in pattern:
            return (_("{name}: '{value}' is not a two-letter country code").format(name=name, value=value),
                    _("use ISO 3166-1 alpha-2, e.g. CN, US, GB"))
        if "A-Z]{3}" in pattern:
            return (_("{name}: '{value}' is not a currency code").format(name=name, value=value),
                    _("use ISO 4217, e.g. CNY, USD, EUR"))
        return _("{name}: '{value}' is not in the expected form").format(name=name, value=value), None
    if kind in ("list_type", "tuple_type"):
        return (_("{name}: expected a list, found {what}").format(name=name, what=_article(value)),
                _("write a list as [a, b] or one '- item' per line"))
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("{name}: expected a mapping (key: value lines), found {what}").format(name=name, what=_article(value)), None
    if kind == "too_short" and name == "sources":
        return _("a case needs at least one source"), _("add a source with id, url, title and publisher")
    if kind == "string_too_short":
        return _("{name}: must not be empty").format(name=name), None
    if kind == "string_too_long":
        return _("{name}: text is longer than {n} characters").format(name=name, n=ctx.get("max_length")), None
    if kind == "control_character":
        return (_("{name}: {problem}; text may hold tabs and line breaks, but no other control character and no "
                  "noncharacter").format(name=name, problem=err["msg"]),
                _("delete it, or say in words what it stood for (in double quotes, look for an escape such as \\e, "
                  "\\0, \\v or \\x1b)"))
    if kind == "float_type":  # a number field given text or true/false: never converted
        found = str(value).lower() if isinstance(value, bool) else (
            _("the text {value!r}").format(value=value) if isinstance(value, str) else _article(value))
        return _("{name}: expected a number, found {what}").format(name=name, what=found), (
            _("write the number without quotes") if isinstance(value, str) and _is_number(value)
            else _("write a number, e.g. 1500"))
    if kind == "finite_number":
        what = _("not a number (nan)") if value != value else _("infinite (.inf, or a number past 1e308)")
        return (_("{name}: {what}; it must be a finite number").format(name=name, what=what),
                _("write the amount as the source gives it"))
    if kind in ("greater_than_equal", "greater_than"):
        return _("{name}: {value} is negative; it must be 0 or more").format(name=name, value=value), None
    if kind == "value_error":
        return f"{name}: {err['msg'].removeprefix('Value error, ')}", None
    return f"{name}: {err['msg']}", None


def _date_fields(models=tuple(REGISTRIES.values())) -> set[str]:
    """Names of the fields that hold dates, in the models and their sub-records."""
    names: set[str] = set()
    for model in models:
        for spec in fields_of(model):
            if spec.is_date:
                names.add(spec.name)
            elif spec.model is not None:
                names |= _date_fields((spec.model,))
    return names


_DATE_FIELDS = _date_fields()


def _article(value: Any) -> str:
    return _("nothing") if value is None else _a(value)


def _a(value: Any) -> str:
    """"a list", "a number"...: the kind of a value, with its article."""
    return {"true/false value": _("a true/false value"), "mapping": _("a mapping"), "list": _("a list"),
            "text": _("a text"), "number": _("a number")}.get(type_name(value), _("a value"))


def _slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-id"
