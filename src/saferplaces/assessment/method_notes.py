"""Each method note printed once: a note that recurs under tables and figures (the
control-chart rules, the ward lookup, "Change % is not shown ...") is numbered once in
the data notes, under "Notes on tables and figures", and each table or figure it
applied to says "See note N" instead of repeating it.

A note that only one table or figure carries stays with it: it is about that table. So
do the notes a reader needs beside the numbers, which are not methods: the key to the
disclosure marks (``<5``, ``[c]``), why a table lists its wards A to Z, and the warning
that data is illustrative (never to be quoted as real).

>>> from saferplaces.document.model import Column, Document, Section, Table
>>> def t(i, notes):
...     return Table(i, "T", [Column("x", "X")], [], notes=notes)
>>> doc = Document("D", "A", sections=[
...     Section("a", "A", blocks=[t("t1", ["Rule.", "Own."]), t("t2", ["Rule."])]),
...     Section("notes", "Notes", kind="data-notes")])
>>> share_method_notes(doc)
>>> [b.notes for b in doc.sections[0].blocks]
[['Own.', 'See note 1 in Notes.'], ['See note 1 in Notes.']]
"""

from __future__ import annotations

from collections import Counter

from saferplaces.assessment.context import ILLUSTRATIVE
from saferplaces.assessment.elements.wards import ALPHABETICAL_NOTE
from saferplaces.disclosure.policy import KEY
from saferplaces.document.model import (
    Document,
    Figure,
    Narrative,
    Paragraph,
    Run,
    Section,
    Table,
)

TITLE = "Notes on tables and figures"
# Beside the numbers they explain or warn about, however often they recur.
STAYS = (KEY, ALPHABETICAL_NOTE)


def _stays(note: str) -> bool:
    return note in STAYS or note.startswith("Illustrative data") or ILLUSTRATIVE in note


def _refer(numbers: list[int], where: str) -> str:
    if len(numbers) == 1:
        return f"See note {numbers[0]} in {where}."
    listed = ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
    return f"See notes {listed} in {where}."


def share_method_notes(doc: Document) -> None:
    """Number the notes that recur under tables and figures in the data notes, and
    refer to them; nothing changes without a data-notes chapter to hold them."""
    home = next((s for s in doc.sections if s.kind == "data-notes"), None)
    if home is None:
        return
    items = [b for _, b in doc.blocks() if isinstance(b, Table | Figure)]
    seen = Counter(n for item in items for n in dict.fromkeys(item.notes) if not _stays(n))
    shared = [n for n in dict.fromkeys(n for item in items for n in item.notes) if seen[n] > 1]
    if not shared:
        return
    number = {n: i for i, n in enumerate(shared, start=1)}
    for item in items:
        refs = sorted({number[n] for n in item.notes if n in number})
        if refs:
            item.notes = [n for n in item.notes if n not in number] + [_refer(refs, home.title)]
    home.children.append(
        Section(
            f"{home.id}.methods",
            TITLE,
            blocks=[
                Narrative(
                    [Paragraph([Run(f"Note {i}. ", bold=True), Run(n)]) for n, i in number.items()],
                    origin="drafted",
                )
            ],
            kind="data-notes",
        )
    )
