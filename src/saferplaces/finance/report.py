"""``saferplaces finance report`` as data: the JSON a machine reads and the rows a
person or a spreadsheet reads. Money is a decimal string with two places in JSON
(``"15777.00"``) and a Decimal everywhere else.

JSON::

    {"year": "2016/17", "status": "open",
     "lines": [{"line", "item", "actions": [...], "original", "revised", "spent",
                "committed", "remaining"}],
     "totals": {"original", "revised", "spent", "committed", "remaining"},
     "funds": [{"name", "brought_forward", "allocated", "income", "spent", "committed",
                "remaining"}]}
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from saferplaces.finance.figures import YearFigures
from saferplaces.finance.money import decimal_string

LINE_KEYS = ("original", "revised", "spent", "committed", "remaining")
FUND_KEYS = ("brought_forward", "allocated", "income", "spent", "committed", "remaining")
LINE_HEADERS = {
    "line": "Line",
    "item": "Item",
    "actions": "Relates to actions",
    "original": "Original allocation",
    "revised": "Revised allocation",
    "spent": "Spent",
    "committed": "Committed",
    "remaining": "Remaining",
}
FUND_HEADERS = {
    "name": "Fund",
    "brought_forward": "Brought forward",
    "allocated": "Allocated",
    "income": "Income",
    "spent": "Spent",
    "committed": "Committed",
    "remaining": "Remaining",
}


def report_dict(fig: YearFigures, status: str = "open") -> dict[str, Any]:
    """The year as the JSON contract of the finance report in JSON (docs/finance.md)."""
    return {
        "year": fig.year,
        "status": status,
        "lines": [
            {
                "line": x.number,
                "item": x.item,
                "actions": list(x.actions),
                **{k: decimal_string(getattr(x, k)) for k in LINE_KEYS},
            }
            for x in fig.lines
        ],
        "totals": {k: decimal_string(v) for k, v in fig.line_totals().items()},
        "funds": [
            {"name": f.name, **{k: decimal_string(getattr(f, k)) for k in FUND_KEYS}}
            for f in fig.funds
        ],
    }


def line_rows(fig: YearFigures) -> list[dict[str, Any]]:
    """One row per line and a last ``Total`` row, amounts as Decimals (CSV, XLSX)."""
    rows: list[dict[str, Any]] = [
        {
            "line": x.number,
            "item": x.item,
            "actions": ", ".join(x.actions),
            **{k: getattr(x, k) for k in LINE_KEYS},
        }
        for x in fig.lines
    ]
    totals: dict[str, Decimal] = fig.line_totals()
    rows.append({"line": "", "item": "Total", "actions": "", **totals})
    return rows


def fund_rows(fig: YearFigures) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"name": f.name, **{k: getattr(f, k) for k in FUND_KEYS}} for f in fig.funds
    ]
    t = fig.fund_totals()
    rows.append({"name": "Total", **{k: t[k] for k in FUND_KEYS}})
    return rows
