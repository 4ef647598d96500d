"""Options of an analysis, declared once as data (Datasette's ``SETTINGS`` idea).

Each :class:`Option` says its name (the library parameter), type, default, help,
label (what a form asks), words (how a document names it), the values it accepts, and
which surfaces offer it. The command line (Typer options), the web forms (Django form
fields) and the assessment spec's schema are generated from the same declarations, and
a test checks that each option is documented and that the surfaces agree.

>>> top = Option("top", float, 0.2, "Share flagged.", "Share flagged", "share flagged",
...              minimum=0, maximum=1, exclusive_minimum=True,
...              expected="a share between 0 and 1 (e.g. 0.2)")
>>> top.check(0.25)
0.25
>>> top.check(0)
Traceback (most recent call last):
...
saferplaces.core.errors.ParameterError: top must be a share between 0 and 1 (e.g. 0.2), got 0
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from saferplaces.core.errors import ParameterError
from saferplaces.core.messages import Param

SURFACES = ("cli", "web", "spec")


@dataclass(frozen=True)
class Option:
    """One option of an analysis."""

    name: str  # the library parameter, e.g. min_flags (the CLI flag is --min-flags)
    type: type  # bool, int, float, str, or list (of str)
    default: Any
    help: str  # one or two sentences: the CLI's help and the web form's hint
    label: str  # what a form asks: "Flags needed to be proposed as emerging"
    words: str  # how a document names it: "minimum number of flags"
    choices: tuple[tuple[str, str], ...] = ()  # (value, what a form shows)
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    expected: str = ""  # what a valid value is, for the error message
    step: float | None = None  # a form's step between values
    surfaces: tuple[str, ...] = SURFACES  # where it is offered

    def param(self, value: Any = None, verb: str = "") -> Param:
        """This option as a message names it (with ``value``: "set it to this", said
        at the command line after ``verb``, e.g. "give")."""
        return Param(self.name, self.words, value, verb)

    def check(self, value: Any) -> Any:
        """``value`` when it is allowed, else a :class:`ParameterError` naming the option."""
        if value is None:
            return value
        if self.choices and value not in {v for v, _ in self.choices}:
            self._refuse(value)
        if self.minimum is not None and (
            value < self.minimum or (self.exclusive_minimum and value == self.minimum)
        ):
            self._refuse(value)
        if self.maximum is not None and value > self.maximum:
            self._refuse(value)
        return value

    def _refuse(self, value: Any) -> None:
        expected = self.expected or (
            "one of " + ", ".join(v for v, _ in self.choices) if self.choices else "allowed"
        )
        raise ParameterError(self.param(), value, expected)

    def offered(self, surface: str) -> bool:
        return surface in self.surfaces


@dataclass(frozen=True)
class Options:
    """The options of one analysis (``flags run``, ``hotspots`` ...), in order."""

    analysis: str
    options: tuple[Option, ...] = field(default_factory=tuple)

    def __iter__(self) -> Iterator[Option]:
        return iter(self.options)

    def __getitem__(self, name: str) -> Option:
        for o in self.options:
            if o.name == name:
                return o
        raise KeyError(name)

    def on(self, surface: str) -> list[Option]:
        """The options offered on ``surface`` (cli, web or spec)."""
        return [o for o in self.options if o.offered(surface)]

    def defaults(self) -> dict[str, Any]:
        return {o.name: o.default for o in self.options}
