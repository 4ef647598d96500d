"""Reading one cell as its field's type: dates, periods, categories, flags, numbers.

Each reader takes the cell as the file gave it (text from a CSV; text, numbers, dates or
None from a spreadsheet) and returns the typed value, or raises :class:`Bad` with the
reason a person can act on ("unparseable date (expected DD/MM/YYYY)", "unknown cause
'Delib' (allowed: deliberate, accidental, unknown)").

>>> from saferplaces.sources.agency.spec_reader import builtin_spec
>>> read_category("Deliberate - other", builtin_spec("fire").field("cause"))
'deliberate'
>>> parse_period_text("2024/25 Q3", year_start=4)
('2024-10', '2024-12')
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from typing import Any

from saferplaces.core.periods import format_month, index_of, month_start
from saferplaces.sources.agency.spec import Field, value_key

YES = frozenset({"yes", "y", "true", "t", "1", "x"})
NO = frozenset({"no", "n", "false", "f", "0"})
# Words for "no value" in a number cell: an optional number (an age) holding one is blank,
# so an arrival with its age unknown is still counted.
UNKNOWN_NUMBER = frozenset(
    {"unknown", "not known", "n/k", "nk", "n/a", "na", "not recorded", "-", "?", "null"}
)

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}


class Bad(Exception):
    """A cell that cannot be read as its field's type; ``str()`` is the reason.

    The reason says what is wrong without repeating the value, so rows with the same
    problem group together in the quality report (the value is kept beside it); ``value``
    overrides the cell shown beside it (e.g. both coordinates), and ``hint`` is a
    suggestion for this value ("did you mean 'Fenland'?"), kept with the row.
    """

    def __init__(self, reason: str, value: str | None = None, hint: str | None = None) -> None:
        super().__init__(reason)
        self.value = value
        self.hint = hint


class Unmapped(Bad):
    """A category word the spec neither allows nor maps. A descriptive field (see
    :attr:`~saferplaces.sources.agency.spec.Spec.descriptive_fields`) loads the row with the
    value "unknown" instead, counting the word for the load's warnings."""


key = value_key


def text_of(cell: Any) -> str | None:
    """The cell as stripped text, or None when blank."""
    if type(cell) is str:  # every CSV cell: the one case worth testing first
        return cell.strip() or None
    if cell is None:
        return None
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float):
        if math.isnan(cell):
            return None
        if cell.is_integer():
            return str(int(cell))
        return repr(cell)
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, date | time):
        return cell.isoformat()
    s = str(cell).strip()
    return s or None


_HUMAN = {
    "%d": "DD",
    "%m": "MM",
    "%Y": "YYYY",
    "%y": "YY",
    "%H": "hh",
    "%M": "mm",
    "%S": "ss",
    "%b": "Mon",
    "%B": "Month",
    "%I": "hh",
    "%p": "AM/PM",
    "%f": "",
}


def human_format(fmt: str) -> str:
    """``%d/%m/%Y`` -> ``DD/MM/YYYY``, for messages."""
    out = fmt
    for code, word in _HUMAN.items():
        out = out.replace(code, word)
    return out


def _expected(f: Field) -> str:
    return " or ".join(human_format(x) for x in (f.formats or ("%Y-%m-%d",)))


def read_date(cell: Any, f: Field) -> date | None:
    """A date by the field's formats (ISO ``YYYY-MM-DD`` by default); a time part is ignored."""
    if isinstance(cell, datetime):
        d = cell.date()
    elif isinstance(cell, date):
        d = cell
    else:
        s = text_of(cell)
        if s is None:
            if f.required:
                raise Bad(f"blank {f.name} (a date is required, {_expected(f)})")
            return None
        d = _parse_date(s, f.formats or ("%Y-%m-%d",))
        if d is None:
            raise Bad(f"unparseable date (expected {_expected(f)})")
    if not 1900 <= d.year <= 2100:
        raise Bad("date is not plausible (before 1900 or after 2100)", d.isoformat())
    return d


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}$")


def _parse_date(s: str, formats: tuple[str, ...]) -> date | None:
    if formats == ("%Y-%m-%d",) and _ISO.match(s):
        try:
            return date.fromisoformat(s)  # the canonical layouts: much faster than strptime
        except ValueError:
            return None
    candidates = [s]
    # "14/03/2025 13:45" or "2025-03-14T13:45:00": the date part is enough.
    for sep in (" ", "T"):
        if sep in s:
            candidates.append(s.split(sep, 1)[0])
    for c in candidates:
        for fmt in formats:
            try:
                return datetime.strptime(c, fmt).date()
            except ValueError:
                continue
    return None


def read_month_start(cell: Any, f: Field) -> int:
    """A period_start cell: the first day of a month (``YYYY-MM-DD`` or ``YYYY-MM``)."""
    return _month_edge(cell, f, start=True)


def read_month_end(cell: Any, f: Field) -> int:
    """A period_end cell: the last day of a month (``YYYY-MM-DD`` or ``YYYY-MM``)."""
    return _month_edge(cell, f, start=False)


def _month_edge(cell: Any, f: Field, *, start: bool) -> int:
    s = text_of(cell)
    if s is None:
        raise Bad(f"blank {f.name} (required: the {'first' if start else 'last'} day of a month)")
    if re.fullmatch(r"\d{4}-\d{2}", s) and not isinstance(cell, date):
        y, m = map(int, s.split("-"))
        if not 1 <= m <= 12:
            raise Bad(f"month {m:02d} is not 01 to 12")
        return y * 12 + m - 1
    try:
        d = read_date(cell, f)
    except Bad:
        # A period as agencies write it ("2024/25 Q1", "2025"): its first or last month,
        # so one column can feed both period_start and period_end.
        try:
            first, last = _period_indices(key(s), f.year_start)
        except Bad as e:
            if not str(e).startswith("unparseable"):
                raise  # a period, but a wrong one ("ends before it starts"): say so
            raise Bad(
                f"unparseable {f.name} (expected a date, {_expected(f)}, or a period such as "
                "2024/25 Q1, 2025 Q1 or 2025)"
            ) from None
        return first if start else last
    assert d is not None
    if start and d.day != 1:
        raise Bad(
            "not the first day of a month (an aggregate row must cover "
            "whole months: its counts cannot be split)"
        )
    if not start and (month_start(index_of(d) + 1) - d).days != 1:
        raise Bad(
            "not the last day of a month (an aggregate row must cover "
            "whole months: its counts cannot be split)"
        )
    return index_of(d)


_FY = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")
_FYQ = re.compile(
    r"^(?:(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*,?\s*q([1-4])|q([1-4])\s*,?\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4}))$"
)
_CQ = re.compile(r"^(?:(\d{4})\s*-?\s*q([1-4])|q([1-4])\s*-?\s*(\d{4}))$")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4})-(\d{2})\s*\.\.\s*(\d{4})-(\d{2})$")
_MON_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{4})$")


def _second_year(first: int, text: str) -> None:
    second = int(text)
    if second not in ((first + 1) % 100, first + 1):
        raise Bad(f"the second year of {first}/{text} must follow the first")


def parse_period_text(text: str, year_start: int = 4) -> tuple[str, str]:
    """(first month, last month) as ``YYYY-MM`` for a period as agencies write it.

    ``2025`` (calendar year), ``2024/25`` (the year starting in month ``year_start``:
    April for financial years, September for academic years), ``2024/25 Q3`` (a quarter
    of that year), ``2025 Q1`` (a calendar quarter), ``2025-03``, ``Mar 2025`` and
    ``2025-01..2025-03``.
    """
    first, last = _period_indices(key(text), year_start)
    return format_month(first), format_month(last)


def _period_indices(t: str, year_start: int) -> tuple[int, int]:
    if m := _YEAR.match(t):
        y = int(m[1])
        return y * 12, y * 12 + 11
    if (m := _MONTH.match(t)) and 1 <= int(m[2]) <= 12:
        return _month(int(m[1]), int(m[2])), _month(int(m[1]), int(m[2]))
    if m := _FY.match(t):
        y = int(m[1])
        _second_year(y, m[2])
        first = y * 12 + year_start - 1
        return first, first + 11
    if m := _FYQ.match(t):
        y, second, q = (m[1], m[2], m[3]) if m[1] else (m[5], m[6], m[4])
        _second_year(int(y), second)
        first = int(y) * 12 + year_start - 1 + 3 * (int(q) - 1)
        return first, first + 2
    if m := _CQ.match(t):
        y, q = (m[1], m[2]) if m[1] else (m[4], m[3])
        first = int(y) * 12 + 3 * (int(q) - 1)
        return first, first + 2
    if m := _MONTH.match(t):
        return _month(int(m[1]), int(m[2])), _month(int(m[1]), int(m[2]))
    if m := _RANGE.match(t):
        a, b = _month(int(m[1]), int(m[2])), _month(int(m[3]), int(m[4]))
        if b < a:
            raise Bad("the period ends before it starts")
        return a, b
    if (m := _MON_YEAR.match(t)) and m[1] in _MONTHS:
        i = _month(int(m[2]), _MONTHS[m[1]])
        return i, i
    raise Bad(
        "unparseable period (expected e.g. 2025, 2024/25, 2024/25 Q3, 2025 Q1, 2025-03 or "
        "2025-01..2025-03)"
    )


def _month(y: int, m: int) -> int:
    if not 1 <= m <= 12:
        raise Bad(f"month {m:02d} is not 01 to 12")
    return y * 12 + m - 1


def read_period(cell: Any, f: Field) -> tuple[int, int]:
    """(first, last) month indices of a period cell."""
    if isinstance(cell, datetime | date):
        i = index_of(cell)
        return i, i
    s = text_of(cell)
    if s is None:
        raise Bad(f"blank {f.name} (a period is required)")
    return _period_indices(key(s), f.year_start)


def read_category(cell: Any, f: Field) -> str | None:
    s = text_of(cell)
    if s is None:
        if f.blank is not None:
            return _canonical(f.blank, f)
        if f.required:
            raise Bad(f"blank {f.name} (a value is required; allowed: {', '.join(f.allowed)})")
        return None
    k = key(s)
    mapped = f.values.get(k)
    if mapped is not None:
        return _canonical(mapped, f)
    for a in f.allowed:
        if key(a) == k:
            return a
    raise Unmapped(
        f"unknown {f.name} (allowed: {', '.join(f.allowed)}; or map the value to one of them "
        f"in [fields.{f.name}.values] in the spec)"
    )


def _canonical(value: str, f: Field) -> str:
    k = key(value)
    return next(a for a in f.allowed if key(a) == k)


def read_flag(cell: Any, f: Field) -> bool | None:
    if isinstance(cell, bool):
        return cell
    s = text_of(cell)
    if s is None:
        if f.required:
            raise Bad(f"blank {f.name} (yes or no is required)")
        return False
    k = key(s)
    k = key(f.values.get(k, k))
    if k in YES:
        return True
    if k in NO:
        return False
    raise Bad(
        f"{f.name} is not yes or no (yes, y, true, 1 / no, n, false, 0; map other "
        f"words in [fields.{f.name}.values])"
    )


def read_number(cell: Any, f: Field, *, whole: bool) -> float | int | None:
    if isinstance(cell, bool):
        raise Bad(f"{f.name} is not a number")
    if isinstance(cell, int | float) and not isinstance(cell, bool) and not f.values:
        v: float = float(cell)
    else:
        raw = text_of(cell)
        if raw is not None and f.values:  # the spec's own words: "thirty" = "30", "N/R" = ""
            mapped = f.values.get(key(raw))
            if mapped is not None:
                raw = mapped.strip() or None
        if raw is None:
            if f.required:
                raise Bad(f"blank {f.name} (a number is required)")
            return None
        try:
            v = float(raw.replace(",", "").replace(" ", ""))
        except ValueError:
            if not f.required and not f.measure and key(raw) in UNKNOWN_NUMBER:
                return None
            raise Bad(f"{f.name} is not a {'whole ' if whole else ''}number") from None
    if math.isnan(v) or math.isinf(v):
        raise Bad(f"{f.name} is not a number")
    if whole and not v.is_integer():
        raise Bad(f"{f.name} is not a whole number")
    low = f.minimum if f.minimum is not None else (0 if f.measure else None)
    if low is not None and v < low:
        raise Bad(f"{f.name} is below {low:g}")
    if f.maximum is not None and v > f.maximum:
        raise Bad(f"{f.name} is above {f.maximum:g}")
    return int(v) if whole else v


def read_text(cell: Any, f: Field) -> str | None:
    s = text_of(cell)
    if s is None and f.required:
        raise Bad(f"blank {f.name} (required)")
    return s
