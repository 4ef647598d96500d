"""The kinds of document saferplaces writes: an extension point.

A **document kind** names a document a reader can ask for (the strategic assessment, an
area profile, an agenda pack, a funder return), says where they get it, and points to
the builder that returns its :class:`~saferplaces.document.model.Document`. Plugins give
kinds to the ``saferplaces_document_kinds`` extension point
(:mod:`saferplaces.extensions.hookspecs`): the assessment, places and finance plugins
give theirs at start-up, the web app gives its meeting papers and action plan when it
starts, and a third party's plugin adds its own the same way.

The builder is named by its import path (``"package.module:function"``) and imported
only when asked for: the document layer sits below every capability and imports none of
them, and a web builder needs Django, which the core library never imports.

>>> kind = DocumentKind("note", "A note", "saferplaces.document.model:Document",
...                     help="A short note.", where="nowhere")
>>> register_document_kind(kind); document_kinds()["note"].title
'A note'
>>> document_kinds()["note"].builder().__name__
'Document'
>>> _KINDS.pop("note").name
'note'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from saferplaces.core.errors import SaferplacesError

if TYPE_CHECKING:
    from saferplaces.document.model import Document


class DocumentKindError(SaferplacesError):
    """A document kind that cannot be registered (its name is another builder's)."""


@dataclass(frozen=True)
class DocumentKind:
    name: str  # a short id, e.g. "agenda-pack"
    title: str  # as a reader names it, e.g. "Agenda pack"
    build: str  # the builder, "package.module:function", returning a Document
    help: str = ""  # what the document is for, one or two sentences
    where: str = ""  # how a reader gets it: a command, or a page of the web app

    def builder(self) -> Callable[..., Document]:
        """The builder function (imported now, not when the kind was registered)."""
        module, _, name = self.build.partition(":")
        return getattr(importlib.import_module(module), name)


_KINDS: dict[str, DocumentKind] = {}


def register_document_kind(kind: DocumentKind) -> None:
    """Add a document kind. The same kind again is ignored; a name another builder holds is
    refused, so two plugins cannot both claim "annual-review"."""
    if ":" not in kind.build:
        raise DocumentKindError(
            f"document kind {kind.name!r}: build must be 'package.module:function', "
            f"got {kind.build!r}"
        )
    held = _KINDS.get(kind.name)
    if held is not None and held.build != kind.build:
        raise DocumentKindError(
            f"document kind {kind.name!r} is already built by {held.build}; give yours another name"
        )
    _KINDS[kind.name] = kind


def document_kinds() -> dict[str, DocumentKind]:
    """Every document kind registered, by name, in the order they registered."""
    return dict(_KINDS)
