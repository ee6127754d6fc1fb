import datetime as dt

import pytest

from kb.dates import check_partial_date, period, sort_key


@pytest.mark.parametrize("value", ["2023", "2023-11", "2023-11-27", "2024-02-29"])
def test_valid_partial_dates_are_kept_as_written(value):
    assert check_partial_date(value) == value


@pytest.mark.parametrize("value", ["2023-13", "2023-02-30", "2023-00", "2023-1", "20231127", "Nov 2023", ""])
def test_invalid_dates_are_refused(value):
    with pytest.raises(ValueError):
        check_partial_date(value)


def test_period_covers_the_whole_year_month_or_day():
    assert period("2023") == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert period("2023-11-27") == (dt.date(2023, 11, 27), dt.date(2023, 11, 27))


def test_coarser_dates_sort_before_finer_dates_of_the_same_period():
    dates = ["2023-11-27", "2023-11-01", "2023-11", "2023", "2022-12-31"]
    assert sorted(dates, key=sort_key) == ["2022-12-31", "2023", "2023-11", "2023-11-01", "2023-11-27"]
