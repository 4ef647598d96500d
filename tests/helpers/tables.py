"""Reading model tables back in tests: a column as {row name: cell text}."""

from __future__ import annotations


def column(table, key: str) -> dict[str, str]:
    """{row header text: text of column ``key``} for a model table."""
    head = next(i for i, c in enumerate(table.columns) if c.row_header)
    j = table.column_index(key)
    return {row[head].text: row[j].text for row in table.rows}


def values(table, key: str) -> dict[str, object]:
    head = next(i for i, c in enumerate(table.columns) if c.row_header)
    j = table.column_index(key)
    return {row[head].text: row[j].value for row in table.rows}


def by_id(doc, ident: str):
    for t in doc.tables():
        if t.id == ident:
            return t
    for f in doc.figures():
        if f.id == ident:
            return f
    raise KeyError(ident)
