"""Natural order for numbers as people write them: agenda items ``1, 2, 2a, 6 (a), 10``
then unnumbered ones (``AOB``), and action points ``10/11`` before ``10/100``.

The order is kept as a stored key (see ``AgendaItem.sort_key``) so every listing,
document and database sorts the same way. The key uses only digits and lower-case
ASCII letters, in fixed-width parts: PostgreSQL sorts text by the database collation,
which ignores punctuation and spaces, and these characters sort the same under every
collation.
"""

from __future__ import annotations

import re

_WIDTH = 10  # a number is at most 10 characters long, so no part is wider
_PARTS = re.compile(r"\d+|[a-z]+")


def natural_key(number: str) -> str:
    """A text key that sorts ``number`` naturally: numeric parts compared as numbers,
    letters after the number they qualify (``2`` < ``2a`` < ``2b`` < ``3``), anything
    that does not start with a number after all that do.

    Unnumbered items all get the same key, so the position held on the agenda decides
    among them (``Any other business`` before ``Closing business`` if entered so)."""
    parts = _PARTS.findall(number.casefold())
    if not parts or not parts[0].isdigit():
        return "1"
    out = ["0"]
    for part in parts:
        if part.isdigit():
            # More digits than fit would not be a real agenda number: keep the largest.
            out.append("0" + str(min(int(part), 10**_WIDTH - 1)).zfill(_WIDTH))
        else:
            # Padded with "0", which sorts before every letter: "a" before "ab".
            out.append("1" + part[:_WIDTH].ljust(_WIDTH, "0"))
    return "".join(out)
