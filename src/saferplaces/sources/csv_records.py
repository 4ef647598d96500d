"""Reading CSV records so that one stray double quote costs one row, not the rest.

The csv module reads a double quote at the start of a cell as opening a quoted cell
that runs to the next quote, across lines: one stray quote swallows the rows after it
into one cell, or fails at the end of the file. :func:`csv_records` reads records as
the csv module does, but a record over several lines that a stray quote made is
refused from its first line, and reading resumes on the next line (issue 18 §8):

* when its quote never closes;
* when a cell holding line breaks holds a whole row's delimiters (it swallowed rows);
* when ``misfit`` says so and the record does not have the header's number of cells
  (the agency loader's rule; police.uk records never hold line breaks).

A quoted address or note over two lines, in a row of the right width, is one record.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator

# Physical lines as csv sees them: a record ends at \r\n, \r or \n (not at the other
# characters str.splitlines treats as line breaks).
_LINES = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")
_UNTERMINATED = (
    "unterminated quote starting row {row} (a double quote opens a cell that never closes)"
)
# A record kept for a person to read is cut to this many characters.
SHOWN = 10_000


def shown(text: str) -> str:
    """``text`` as kept in the quarantine: undecodable bytes replaced, at most
    :data:`SHOWN` characters (a line of 100 MB is not a row anybody reads)."""
    if len(text) > SHOWN:
        text = f"{text[:SHOWN]}… ({len(text):,} characters in all)"
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def csv_records(
    text: str,
    delimiter: str,
    width: Callable[[], int | None],
    *,
    misfit: bool = True,
) -> Iterator[tuple[int, list[str] | None, str, str]]:
    """(line number, cells, why not, first line) for each record of ``text``; cells is
    None for a record that is not one (why says so, and reading resumes on the next
    line). ``width`` gives the header's number of cells once it is known."""
    lines = [line for line in _LINES.split(text) if line]
    start = 0
    while start < len(lines):
        # From ``start`` without copying the lines: a file with a stray quote on every
        # line resumes once per line, and a copy each time would read it in square time.
        rest = (lines[i] for i in range(start, len(lines)))
        reader = csv.reader(rest, delimiter=delimiter)
        resume = None
        while resume is None:
            first = start + reader.line_num  # index of the record's first line
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                why = f"cannot be read as CSV ({e})"
                if lines[first].count('"') % 2:  # it ran on until the cell was too long
                    why = _UNTERMINATED.format(row=first + 1)
                yield first + 1, None, why, lines[first]
                resume = first + 1
                continue
            after = start + reader.line_num
            why = None
            if after - first > 1:
                why = runaway_quote(lines, first, after, record, delimiter, width(), misfit)
            if why:
                yield first + 1, None, why, lines[first]
                resume = first + 1
                continue
            yield first + 1, record, "", ""
        start = resume


def runaway_quote(
    lines: list[str],
    first: int,
    after: int,
    record: list[str],
    delimiter: str,
    width: int | None,
    misfit: bool = True,
) -> str | None:
    """Why the record over ``lines[first:after]`` is a stray quote's doing, or None."""
    row = first + 1
    if "".join(lines[first:after]).count('"') % 2:
        return _UNTERMINATED.format(row=row)
    if width is None:
        return None
    cells = list(record)
    while len(cells) > width and not cells[-1].strip():
        cells.pop()
    swallowed = any(
        c.count(delimiter) >= max(1, width - 1) for c in cells if "\n" in c or "\r" in c
    )
    if swallowed or (misfit and len(cells) != width):
        return (
            f"unterminated quote starting row {row} (a double quote opens a cell that runs "
            f"on into the {after - first - 1} row(s) after it)"
        )
    return None
