"""Amounts of money as :class:`~decimal.Decimal`: reading them as people write them,
and writing them as boards and machines read them.

>>> parse_amount("£4,000.00"), parse_amount("4000"), parse_amount(" "), parse_amount("-")
(Decimal('4000.00'), Decimal('4000.00'), None, Decimal('0.00'))
>>> pounds(Decimal("-250")), decimal_string(Decimal("15777"))
('−£250.00', '15777.00')
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from saferplaces.document import formatting

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")

# What a person may write: an optional sign or brackets, an optional £, digits with
# optional thousands commas, optional pence. "4000", "4,000.00", "£4,000.00", "(250.00)".
_AMOUNT = re.compile(
    r"""^(?P<open>\()?\s*(?P<sign>[-−–])?\s*£?\s*(?P<sign2>[-−–])?\s*
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?P<close>\))?$""",
    re.X,
)
# Spreadsheets' accounting format shows nothing as a dash ("-", "£ -").
_DASH = re.compile(r"^£?\s*[-−–]\s*$")

ACCEPTED = "an amount in pounds such as 4000, 4,000.00 or £4,000.00"


class AmountError(ValueError):
    """Text that is not an amount of money; the message says why."""


def parse_amount(text: object, *, negative_ok: bool = False) -> Decimal | None:
    """An amount as a person wrote it, to the penny; ``None`` for a blank cell.

    Accepts ``4000``, ``4,000.00``, ``£4,000.00``, a lone dash (the accounting format's
    zero), and numbers a spreadsheet holds (an int, or a float read to the nearest
    penny). Negative amounts (``-250``, ``(250.00)``) only when ``negative_ok``.
    Raises :class:`AmountError` otherwise, saying what would be accepted.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise AmountError(f"not {ACCEPTED}")
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    elif isinstance(text, float):
        value = _from_float(text)
    else:
        s = str(text).strip().replace("\u00a0", " ")
        if not s:
            return None
        if _DASH.match(s):
            return ZERO
        m = _AMOUNT.match(s)
        if not m or bool(m.group("open")) != bool(m.group("close")):
            raise AmountError(f"not {ACCEPTED}")
        if m.group("sign") and m.group("sign2"):
            raise AmountError(f"not {ACCEPTED}")
        try:
            value = Decimal(m.group("num").replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            raise AmountError(f"not {ACCEPTED}") from None
        if m.group("open") or m.group("sign") or m.group("sign2"):
            value = -value
    if not value.is_finite():
        raise AmountError(f"not {ACCEPTED}")
    if value != value.quantize(PENNY, rounding=ROUND_HALF_UP):
        raise AmountError("has more than two decimal places; write it to the penny")
    if value < 0 and not negative_ok:
        raise AmountError("is negative; write the amount without a minus sign")
    return value.quantize(PENNY)


def _from_float(f: float) -> Decimal:
    """A spreadsheet number as pounds and pence.

    Spreadsheets keep numbers in binary floating point, so a sum typed as 15,777.00 may
    arrive as 15776.999999999998. Within a millionth of a penny of a whole penny it is
    that penny; anything else keeps its digits (and is refused if finer than a penny).
    """
    d = Decimal(repr(f))
    nearest = d.quantize(PENNY, rounding=ROUND_HALF_UP)
    return nearest if abs(d - nearest) < Decimal("0.00000001") else d


def to_money(value: Decimal | int | str) -> Decimal:
    """A stored amount as a Decimal to the penny (``Decimal("4000")`` -> ``4000.00``)."""
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def decimal_string(value: Decimal | None) -> str | None:
    """Two places, no grouping, for machines: ``"15777.00"``, ``"-250.00"``."""
    if value is None:
        return None
    return f"{to_money(value):f}"


def pounds(value: Decimal | None, *, blank: str = "–") -> str:
    """As a board paper prints it: ``£4,000.00``; a minus sign before the pound sign."""
    return blank if value is None else formatting.money(value)


def plain(value: Decimal | None, *, blank: str = "") -> str:
    """Grouped, two places, no pound sign (table cells with £ in the header)."""
    if value is None:
        return blank
    v = to_money(value)
    text = f"{abs(v):,.2f}"
    return f"−{text}" if v < 0 else text


def total(values) -> Decimal:
    """The sum of amounts, ignoring blanks, starting from ``0.00`` (never a float)."""
    out = ZERO
    for v in values:
        if v is not None:
            out += v
    return out
