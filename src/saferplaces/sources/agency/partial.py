"""A file most of whose rows would not be loaded is refused, unless accepted as partial.

When more than half of a file's rows would be quarantined or rejected, the file and its
spec most likely disagree (a renamed column of dates, another force's codes): loading
the few rows left would put a fraction of the data in the warehouse under a "loaded"
that looks complete. So the command fails before writing anything, naming the file and
its most common reasons, unless the caller accepts a partial load.
"""

from __future__ import annotations

from collections import Counter

from saferplaces.core.errors import SaferplacesError
from saferplaces.core.messages import Hint, Param
from saferplaces.sources.agency.readers import RawTable
from saferplaces.sources.agency.records import Converted

# How many of the most common reasons the refusal names.
TOP_REASONS = 3
SHOWN = 60  # characters of a value shown (the quarantine keeps it whole)


def check_mostly_loaded(tables: list[RawTable], converted: list[Converted]) -> None:
    """Refuse the command if any file would load at most half its rows."""
    for table, cv in zip(tables, converted, strict=True):
        not_loaded = len(cv.quarantined) + len(table.rejected)
        read = len(cv.records) + not_loaded
        if 2 * not_loaded > read:
            raise SaferplacesError(
                f"{table.display}: {not_loaded:,} of {read:,} rows would not be loaded "
                f"(more than half), so nothing was loaded; the most common reasons: "
                f"{top_reasons(table, cv)}. Correct the file or its dataset spec",
                Hint(
                    ", or ",
                    Param("accept_partial", "load a file most of whose rows fail", True, "give"),
                    f" to load the {_rows(len(cv.records))} that can be"
                    if cv.records
                    else " to keep its rows as not loaded, with their reasons",
                ),
                code="agency.mostly-not-loaded",
                data={"file": table.display, "not_loaded": not_loaded, "read": read},
            )


def top_reasons(table: RawTable, cv: Converted, limit: int = TOP_REASONS) -> str:
    """The most common reasons rows are not loaded, each with its first row, as one
    clause: "unparseable date (expected DD/MM/YYYY): 4,100 rows (e.g. row 2, field
    'Date', got '2025.01.03')"."""
    counts: Counter[tuple[str | None, str]] = Counter()
    first: dict[tuple[str | None, str], tuple[int, str]] = {}
    for x in sorted(cv.quarantined, key=lambda x: x.row_number):
        k = (x.field, x.reason)
        counts[k] += 1
        if k not in first:
            where = f"row {x.row_number}" + (f", field {x.field!r}" if x.field else "")
            if x.value is not None:
                where += f", got {_cut(x.value)!r}"
            first[k] = (x.row_number, where)
    for r in table.rejected:
        k = (None, r.reason)
        counts[k] += 1
        first.setdefault(k, (r.row_number, f"row {r.row_number}"))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], first[kv[0]][0]))
    parts = [
        f"{reason}: {_rows(n)} (e.g. {first[(col, reason)][1]})"
        for (col, reason), n in ranked[:limit]
    ]
    more = len(ranked) - limit
    if more > 0:
        parts.append(f"and {more} other reason{'s' if more != 1 else ''}")
    return "; ".join(parts)


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _rows(n: int) -> str:
    return f"{n:,} row{'s' if n != 1 else ''}"
