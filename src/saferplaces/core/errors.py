"""Errors the CLI turns into one clear line.

Every error a user can cause by their input is a :class:`SaferplacesError`. Its
``str()`` is the whole message in the library's words: what failed, where, and how to
fix it when we know. The message is a :class:`~saferplaces.core.messages.Note`
(``error.note``): the parameters it names (``allow_incomplete``) are named by each
audience in its own words, so the command line gives the flag and a web
form the field to choose (:mod:`saferplaces.core.messages`). A library error never
names a command-line flag.
"""

from __future__ import annotations

from typing import Any

from saferplaces.core.messages import Hint, Note, Param, Part


class SaferplacesError(Exception):
    """Base class for errors caused by input or configuration, not by a bug.

    ``SaferplacesError("text")``, or parts naming parameters
    (``SaferplacesError("no indicators to rank", Hint(": name some in ", Param(...)))``),
    with a stable ``code`` and the ``data`` an audience may need to phrase it."""

    code = "error"

    def __init__(self, *parts: Part, code: str | None = None, data: dict | None = None) -> None:
        if len(parts) == 1 and isinstance(parts[0], Note):
            note = parts[0]
        else:
            note = Note(*parts, code=code or type(self).code, data=data)
        self.note = note
        self.code = note.code
        super().__init__(str(note))

    def __reduce__(self):
        # Subclasses take other arguments than their message: rebuild from the state.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type, args: tuple, state: dict) -> SaferplacesError:
    error = Exception.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class ParameterError(SaferplacesError):
    """A value a parameter does not accept: names the parameter, the value and what is
    allowed (``top must be a share between 0 and 1 (e.g. 0.2), got 0``)."""

    code = "parameter"

    def __init__(self, param: Param, value: Any, expected: str) -> None:
        self.param = param
        self.value = value
        self.expected = expected
        super().__init__(
            param,
            f" must be {expected}, got {value!r}",
            code=f"parameter.{param.name}",
            data={"param": param.name, "value": value, "expected": expected},
        )


__all__ = [
    "AreaError",
    "Hint",
    "InputFileError",
    "Note",
    "Param",
    "ParameterError",
    "PeriodError",
    "SaferplacesError",
    "WarehouseError",
]


class InputFileError(SaferplacesError):
    """A file that cannot be loaded; names the file and, when known, the row and field.

    ``row`` is the row as a spreadsheet numbers it (the header is row 1).
    """

    def __init__(
        self,
        file: str,
        message: str,
        *,
        row: int | None = None,
        field: str | None = None,
        value: str | None = None,
        code: str = "input-file",
        data: dict | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.field = field
        self.value = value
        self.message = message
        where = [file]
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field {field!r}")
        text = ", ".join(where) + ": " + message
        if value is not None:
            text += f" (got {value!r})"
        super().__init__(text, code=code, data=data)


class AreaError(SaferplacesError):
    """An area name or code that is unknown or ambiguous."""


class PeriodError(SaferplacesError):
    """A period that cannot be parsed."""


class WarehouseError(SaferplacesError):
    """The warehouse cannot be opened or is not a saferplaces warehouse."""
