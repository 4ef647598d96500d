"""Extension points of the assessment: section kinds and element kinds.

A **section kind** builds one chapter of the document from its spec entry
(``kind: topic``, ``kind: key-findings`` ...). An **element kind** builds the tables
and figures inside a topic chapter's *Issues* (``trend``, ``ward-table``, ``ward-map``
...). The built-in kinds are given by the assessment plugin to the
``saferplaces_section_kinds`` and ``saferplaces_element_kinds`` extension points exactly
as a later capability's are (:func:`saferplaces.extensions.load` registers them):

>>> from saferplaces.assessment.registry import element_kinds
>>> "trend" in element_kinds()  # doctest: +SKIP
True

A builder returns ``None`` (for a section) or an empty list (for an element) when its
data is absent, after saying why with ``ctx.leave_out(...)``; the section is then left
out of the document and the reason goes in the data notes. Nothing renders empty.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from saferplaces.assessment.context import BuildContext
    from saferplaces.assessment.spec import ChapterSpec, ElementSpec
    from saferplaces.document.model import Block, Document, Section


@dataclass(frozen=True)
class SectionKind:
    name: str
    build: Callable[[BuildContext, ChapterSpec], Section | None]
    fields: dict[str, type | tuple[type, ...]] = field(default_factory=dict)  # allowed keys
    help: str = ""
    late: bool = False  # built after every other chapter (e.g. data notes, which list them)
    # Section ids this chapter owns besides its own (e.g. "asb.issues"), for narrative files.
    part_ids: Callable[[ChapterSpec], list[str]] = lambda spec: []
    # Completes the chapter's built section from the finished document (every chapter
    # built, the narrative filled): for what reads the whole document, e.g. a checklist.
    finish: Callable[[Document, BuildContext, ChapterSpec, Section], None] | None = None


@dataclass(frozen=True)
class ElementKind:
    name: str
    build: Callable[[BuildContext, ChapterSpec, ElementSpec], list[Block]]
    fields: dict[str, type | tuple[type, ...]] = field(default_factory=dict)
    help: str = ""


_SECTIONS: dict[str, SectionKind] = {}
_ELEMENTS: dict[str, ElementKind] = {}


def register_section(kind: SectionKind) -> None:
    """Add (or replace) a section kind."""
    _SECTIONS[kind.name] = kind


def register_element(kind: ElementKind) -> None:
    """Add (or replace) an element kind."""
    _ELEMENTS[kind.name] = kind


def section_kinds() -> dict[str, SectionKind]:
    return dict(_SECTIONS)


def element_kinds() -> dict[str, ElementKind]:
    return dict(_ELEMENTS)
