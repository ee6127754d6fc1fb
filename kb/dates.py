"""Dates that keep the precision a source gives them.

A source may say "2023", "November 2023" or "27 November 2023"; kb stores exactly that
(`2023`, `2023-11`, `2023-11-27`) and compares such dates as *periods*: `2023-11` covers
the whole month, so it is on or after `--since 2023-11` and on or before `--until 2023-11`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from dateutil.parser import isoparse
from dateutil.relativedelta import relativedelta

PARTIAL_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

_STEP = {1: relativedelta(years=1), 2: relativedelta(months=1), 3: relativedelta(days=1)}
PRECISION_NAMES = {1: "year", 2: "month", 3: "day"}


def precision(value: str) -> int:
    """1 for a year, 2 for a month, 3 for a day."""
    return value.count("-") + 1


def as_date_text(value: object) -> object:
    """A date as written: YAML reads an unquoted `2023` as a number (a date at year precision), and
    the fast parser reads `2023-11-27` as a `date`; both become their text. Anything else is returned
    as it is, for validation to judge."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return value


@lru_cache(maxsize=65536)  # a data set repeats a few thousand dates many times
def check_partial_date(value: str) -> str:
    """Return `value` if it is a real YYYY, YYYY-MM or YYYY-MM-DD date; raise ValueError otherwise."""
    if not PARTIAL_DATE_RE.match(value):
        raise ValueError(f"'{value}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        isoparse(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a real calendar date") from None
    return value


@lru_cache(maxsize=65536)
def period(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of the period a partial date names."""
    start = isoparse(value).date()
    try:
        end = start + _STEP[precision(value)] - relativedelta(days=1)
    except (OverflowError, ValueError):  # the period ends with the calendar: 9999, 9999-12, 9999-12-31
        end = dt.date.max
    return start, end


def sort_key(value: str) -> tuple[str, int]:
    """Order by start of period, coarser dates first: `2023-11` sorts before `2023-11-01`."""
    return period(value)[0].isoformat(), precision(value)


# The same rule as `check_partial_date`, as one regular expression the JSON Schemas carry, so that an
# editor or check-jsonschema flags `2023-02-30` or `yesterday` exactly as `kb validate` does.
_YEAR = r"(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
DATE_PATTERN = (
    rf"^(?:{_YEAR}(?:-(?:0[1-9]|1[0-2]))?"
    rf"|{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    rf"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    rf"|{_LEAP_YEAR}-02-29)$"
)
