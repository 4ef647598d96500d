"""Text made safe where it leaves saferplaces: in XML (Word, spreadsheets, HTML, PDF) and
in spreadsheets' formulas. Both are edges: what people typed or an agency sent is kept
as it is in the warehouse and the web database, and cleaned only as it is written out.

**Control characters.** XML 1.0 cannot hold most control characters: a vertical tab,
which Word puts in text copied from a manual line break, made python-docx refuse a
whole agenda pack, and a ``\\x01`` in an agency's free text stopped ``assess`` at the
spreadsheet. :func:`clean` turns the line-breaking ones into a line break and drops the
rest; :func:`clean_tree` does that to every string of a document before any renderer
sees it.

**Formulas.** A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some programs, after a tab or a line break) as a formula: agency text such as
``=HYPERLINK("http://...","Click")`` would become a live link in the assessment's
workbook. As OWASP advises for CSV, :func:`neutralise` puts an apostrophe before such
text, so a spreadsheet shows it as text; a workbook cell holds it as text, marked so
that editing it does not make it a formula (:func:`workbook_text`). Numbers stay
numbers, and text that is only a number (``-12``, ``+7.5%``) is left alone: a
spreadsheet reads it as the number it is, which runs nothing.

>>> clean("Line one\\x0bline two\\x01"), clean("tab\\tand\\r\\nnewline")
('Line one\\nline two', 'tab\\tand\\nnewline')
>>> neutralise('=HYPERLINK("http://x","y")'), neutralise("@SUM(A1)"), neutralise("-12")
('\\'=HYPERLINK("http://x","y")', "'@SUM(A1)", '-12')
>>> neutralise("- a bullet"), neutralise(-12), neutralise("Cambourne")
("'- a bullet", -12, 'Cambourne')
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Iterable
from typing import Any

# Characters XML 1.0 cannot hold, and the C1 controls (legal, but never meant as text):
# everything below a space except tab, line feed and carriage return; DEL to U+009F;
# lone surrogates; U+FFFE and U+FFFF.
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")


def clean(text: str) -> str:
    """``text`` with line-breaking control characters (carriage returns, vertical tab,
    form feed, the Unicode line and paragraph separators) as line feeds, and other
    control characters removed, so that any XML can hold it."""
    if not isinstance(text, str):
        return text
    cleaned = _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))
    # Text with nothing to clean is returned as it came, so a str subclass that carries
    # structure (a core.messages.Note, worded later per audience) keeps it.
    return text if cleaned == text else cleaned


def clean_tree(node: Any) -> Any:
    """Clean every string in a document tree in place (dataclasses, lists, tuples and
    dict values, recursively) and return it. Anything else, such as a map's geometries,
    is left as it is."""
    if isinstance(node, str):
        return clean(node)
    if isinstance(node, list):
        for i, v in enumerate(node):
            node[i] = clean_tree(v)
        return node
    if isinstance(node, tuple):
        return tuple(clean_tree(v) for v in node)
    if isinstance(node, dict):
        for k, v in node.items():
            node[k] = clean_tree(v)
        return node
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            cleaned = clean_tree(value)
            if cleaned is not value:
                object.__setattr__(node, f.name, cleaned)  # frozen dataclasses too
        return node
    return node


def starts_formula(value: Any) -> bool:
    """Whether a spreadsheet could run ``value`` as a formula: text starting with one of
    :data:`FORMULA_START` that is not just a number."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not _PLAIN_NUMBER.match(value)
    )


def neutralise(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: an apostrophe before formula-like text."""
    return "'" + value if starts_formula(value) else value


def csv_writer(fh, **kwargs):
    """A :func:`csv.writer` whose every row is neutralised (and cleaned of control
    characters): the one way saferplaces writes CSV."""
    return _SafeWriter(csv.writer(fh, **kwargs))


class _SafeWriter:
    def __init__(self, writer) -> None:
        self._w = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._w.writerow([neutralise(clean(v)) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def workbook_text(cell) -> None:
    """Make an openpyxl cell holding formula-like text hold it as text: never a formula,
    and marked (quote prefix) so that editing it in Excel keeps it text."""
    if starts_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
