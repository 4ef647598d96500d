"""How the web app words the library's notes and errors: a parameter is the question
its form asks ("tick “Rank a period with months missing”"), and a hint naming a
setting the form does not offer is left out (:mod:`saferplaces.core.messages`)."""

from __future__ import annotations

from typing import Any

from saferplaces.core.messages import Note, Param, Phrasing, phrase
from saferplaces.core.options import Option
from saferplaces.places.options import FLAGS

# The settings the web app's forms ask for, by library parameter.
FORM_OPTIONS: dict[str, Option] = {o.name: o for o in FLAGS.on("web")}


def _name(p: Param) -> str | None:
    option = FORM_OPTIONS.get(p.name)
    if option is None:
        return None
    label = f"“{option.label}”"
    if p.value is None:
        return label
    if option.type is bool:
        return f"tick {label}"
    if option.choices:
        return f"choose “{dict(option.choices).get(p.value, p.value)}” for {label}"
    return f"set {label} to {p.value}"


WEB = Phrasing(name=_name)


def web_text(text: Any) -> str:
    """A note, an error or any text as the web app says it."""
    if isinstance(text, BaseException):
        note = getattr(text, "note", None)
        return (phrase(note, WEB) or "") if note is not None else str(text)
    return (phrase(text, WEB) or "") if isinstance(text, Note) else str(text)
