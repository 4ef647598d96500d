"""Notes and error messages that name parameters, not command-line flags.

The library says what happened and, where it knows, what to change; each audience
phrases it: the command line names its flags (``allow_incomplete`` is its flag), the web app the
fields of its forms, a document speaks to a board. So a message is made of parts:

* plain text, the same for everyone;
* :class:`Param`: a parameter of the library call (``min_flags``), which each audience
  names in its own words; with a ``value``, an instruction to set it (giving the flag
  at the command line, "tick 'Rank a period with months missing'" on the web);
* :class:`Hint`: a clause saying how to change the outcome, for people who can (the
  command line, the web form); an audience that cannot name one of its parameters (a
  board reading a document) leaves the clause out.

A :class:`Note` is a ``str`` (the library's wording, naming each parameter by its
Python name), so it can be joined, compared and stored like any sentence; it also
carries a stable ``code`` and its ``data``. :func:`phrase` words it for an audience
(a :class:`Phrasing`), which may also give its own sentence for a code.

>>> n = Note(
...     "2 months are missing.",
...     Hint(" Or ", Param("allow_incomplete", "an incomplete period", True), " to use the rest."),
...     code="period.incomplete",
... )
>>> str(n)
'2 months are missing. Or allow_incomplete=True to use the rest.'
>>> phrase(n, Phrasing())  # an audience that names no parameter
'2 months are missing.'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Param:
    """A parameter of a library call, as a message names it.

    ``words`` is how a reader who cannot set it is told what it is ("minimum number of
    flags"). With a ``value`` it is an instruction to set the parameter to that value,
    and ``verb``, when given, is how the command line says it ("give", "use")."""

    name: str
    words: str = ""
    value: Any = None
    verb: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"param": self.name, "words": self.words}
        if self.value is not None:
            out["value"] = self.value
        if self.verb:
            out["verb"] = self.verb
        return out


@dataclass(frozen=True)
class Hint:
    """A clause saying how to change the outcome, for an audience that can."""

    parts: tuple[str | Param, ...]

    def __init__(self, *parts: str | Param) -> None:
        object.__setattr__(self, "parts", tuple(parts))

    def to_json(self) -> dict[str, Any]:
        return {"hint": [_part_json(p) for p in self.parts]}


Part = "str | Param | Hint | Note"


def _part_json(p: Any) -> Any:
    if isinstance(p, Note):
        return {"note": p.to_json()}
    return p if isinstance(p, str) else p.to_json()


def _part_from_json(p: Any) -> Any:
    if isinstance(p, str):
        return p
    if "note" in p:
        return Note.from_json(p["note"])
    if "hint" in p:
        return Hint(*(_part_from_json(x) for x in p["hint"]))
    return Param(p["param"], p.get("words", ""), p.get("value"), p.get("verb", ""))


@dataclass
class Phrasing:
    """How one audience words messages.

    ``name(param)`` names a parameter inside a :class:`Hint`, or says how to set it when
    it has a value (``None``: this audience cannot, so the hint is left out);
    ``mention(param)`` names one outside a hint (``None``: in its ``words``);
    ``sentences`` gives whole sentences of its own for some codes (``None`` from one of
    them leaves the note out)."""

    name: Callable[[Param], str | None] = field(default=lambda p: None)
    mention: Callable[[Param], str | None] = field(default=lambda p: None)
    sentences: Mapping[str, Callable[[Note], str | None]] = field(default_factory=dict)


def _words(parts: Iterable[Any], phrasing: Phrasing, nested: Callable[[Note], str | None]) -> str:
    """The parts as text; a hint naming a parameter this audience cannot name is left
    out."""
    out = []
    for p in parts:
        if isinstance(p, Note):
            out.append(nested(p) or "")
        elif isinstance(p, str):
            out.append(p)
        elif isinstance(p, Param):
            out.append(phrasing.mention(p) or p.words or p.name)
        else:
            out.append(_hint(p, phrasing, nested) or "")
    return "".join(out)


def _hint(hint: Hint, phrasing: Phrasing, nested: Callable[[Note], str | None]) -> str | None:
    out = []
    for p in hint.parts:
        if isinstance(p, Param):
            named = phrasing.name(p)
            if named is None:
                return None
            out.append(named)
        elif isinstance(p, Note):
            out.append(nested(p) or "")
        elif isinstance(p, Hint):
            out.append(_hint(p, phrasing, nested) or "")
        else:
            out.append(p)
    return "".join(out)


def _library_name(p: Param) -> str:
    if p.value is None:
        return p.name
    return f"{p.verb} {p.name}={p.value!r}".strip()


# The library's own wording (``str(note)``): parameters by their Python names.
LIBRARY = Phrasing(name=_library_name, mention=lambda p: p.name)


class Note(str):
    """A sentence for people that knows what it is made of (see the module docstring).

    ``str(note)`` is the library's wording; :func:`phrase` gives another audience's."""

    code: str
    parts: tuple[Any, ...]
    data: dict[str, Any]

    def __new__(cls, *parts: Any, code: str = "text", data: Mapping[str, Any] | None = None):
        text = _words(parts, LIBRARY, str)
        note = super().__new__(cls, text)
        note.code = code
        note.parts = tuple(parts)
        note.data = dict(data or {})
        return note

    def __reduce__(self):  # keep the structure when copied or pickled
        return (_rebuild, (self.to_json(),))

    def to_json(self) -> dict[str, Any]:
        """What is stored: the code, the parts and the data (``from_json`` reads it)."""
        return {"code": self.code, "parts": [_part_json(p) for p in self.parts], "data": self.data}

    @classmethod
    def from_json(cls, stored: Any) -> Note:
        """A stored note; a plain string (stored before notes had structure) is kept as
        the text it was."""
        if isinstance(stored, str):
            return cls(stored)
        parts = [_part_from_json(p) for p in stored.get("parts", [])]
        return cls(*parts, code=stored.get("code", "text"), data=stored.get("data"))


def _rebuild(stored: dict[str, Any]) -> Note:
    return Note.from_json(stored)


def phrase(text: str, phrasing: Phrasing) -> str | None:
    """``text`` worded for an audience; ``None`` when that audience leaves it out. Plain
    strings (not notes) are returned as they are."""
    if not isinstance(text, Note):
        return text
    own = phrasing.sentences.get(text.code)
    if own is not None:
        return own(text)
    return _words(text.parts, phrasing, lambda n: phrase(n, phrasing))


def phrase_all(texts: Iterable[str], phrasing: Phrasing) -> list[str]:
    """Every text worded for an audience, those it leaves out dropped."""
    return [t for t in (phrase(x, phrasing) for x in texts) if t is not None]
