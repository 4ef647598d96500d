import pytest

from saferplaces.core.errors import PeriodError
from saferplaces.core.periods import missing_months, parse_period


@pytest.mark.parametrize(
    "text, start, end, months",
    [
        ("2025", "2025-01", "2025-12", 12),
        ("2024/25", "2024-04", "2025-03", 12),
        ("ye2025-09", "2024-10", "2025-09", 12),
        ("YE2025-01", "2024-02", "2025-01", 12),
        ("2025-01..2025-06", "2025-01", "2025-06", 6),
        ("2024-11..2025-02", "2024-11", "2025-02", 4),
        ("2025-03", "2025-03", "2025-03", 1),
        (" 2025 ", "2025-01", "2025-12", 12),
    ],
)
def test_named_forms(text, start, end, months):
    p = parse_period(text)
    assert (p.start, p.end, p.months) == (start, end, months)


@pytest.mark.parametrize(
    "text, previous",
    [
        ("2025", ("2024-01", "2024-12")),
        ("2024/25", ("2023-04", "2024-03")),
        ("ye2025-09", ("2023-10", "2024-09")),
        ("2025-01..2025-06", ("2024-07", "2024-12")),
        ("2025-01", ("2024-12", "2024-12")),
    ],
)
def test_default_baseline_is_equal_period_before(text, previous):
    p = parse_period(text).previous()
    assert (p.start, p.end) == previous
    assert p.months == parse_period(text).months


@pytest.mark.parametrize(
    "bad", ["2025Q3", "2024/26", "2025-13", "ye2025-00", "2025-06..2025-01", "", "last year"]
)
def test_bad_periods_fail_with_the_forms(bad):
    with pytest.raises(PeriodError) as e:
        parse_period(bad)
    assert bad.strip() in str(e.value) or "ends before" in str(e.value)


def test_label_names_the_months():
    assert parse_period("2024/25").label == "April 2024 to March 2025"
    assert parse_period("2025-02").label == "February 2025"


def test_missing_months():
    p = parse_period("2025-01..2025-04")
    assert missing_months({"2025-01", "2025-03"}, p) == ["2025-02", "2025-04"]
