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


def notes_of(doc, item) -> list[str]:
    """The notes of a table or figure as a reader gets them: its own, and each numbered
    note it refers to ("See note 3 in Data notes and sources.") in full."""
    import re

    numbered = {}
    home = next((s for s, _ in doc.walk() if s.id.endswith(".methods")), None)
    for b in home.blocks if home else []:
        for p in b.blocks:
            m = re.fullmatch(r"Note (\d+)\. ", p.runs[0].text)
            numbered[int(m.group(1))] = "".join(r.text for r in p.runs[1:])
    out = []
    for n in item.notes:
        if n.startswith("See note"):
            out += [numbered[int(x)] for x in re.findall(r"\d+", n.split(" in ")[0])]
        else:
            out.append(n)
    return out
