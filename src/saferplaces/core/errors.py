"""Errors the CLI turns into one clear line.

Every error a user can cause by their input is a :class:`SaferplacesError`. Its
``str()`` is the whole message: what failed, where, and how to fix it when we know.
"""

from __future__ import annotations


class SaferplacesError(Exception):
    """Base class for errors caused by input or configuration, not by a bug."""


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
        super().__init__(text)


class AreaError(SaferplacesError):
    """An area name or code that is unknown or ambiguous."""


class PeriodError(SaferplacesError):
    """A period that cannot be parsed."""


class WarehouseError(SaferplacesError):
    """The warehouse cannot be opened or is not a saferplaces warehouse."""
