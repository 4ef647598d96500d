"""Proposing a ward's category from its flags and its previous run (``methods.md``).

* **emerging**: flag count ≥ ``min_flags`` and either newly on the list or more flags
  than in the previous run;
* **sustaining**: on the list (a focus area) and its flags have fallen below the count
  it had when it joined the list;
* **off**: no flags now, having been on the list: dropped;
* **preventing**: never proposed: only a person chooses it, and it stands until removed.

When none of these applies, a ward on the list keeps its category (a ward on the list
only by a cleared "preventing" decision is proposed emerging if it has enough flags,
else leaves the list); a ward not on the list stays off it (``None``).

>>> propose(3, 2, None)
Proposal(category='emerging', entry_flags=3)
>>> propose(2, 2, Previous('emerging', 4, 4))
Proposal(category='sustaining', entry_flags=4)
>>> propose(0, 2, Previous('sustaining', 1, 4))
Proposal(category='off', entry_flags=None)
"""

from __future__ import annotations

from dataclasses import dataclass

EMERGING = "emerging"
SUSTAINING = "sustaining"
PREVENTING = "preventing"
OFF = "off"
CLEAR = "clear"
CATEGORIES = (EMERGING, SUSTAINING, PREVENTING, OFF)
LISTED = frozenset({EMERGING, SUSTAINING, PREVENTING})


@dataclass(frozen=True)
class Previous:
    """A ward in the previous run: its category then (after decisions), its flag count
    and its flag count when it joined the list (``None`` if it was not on the list)."""

    category: str | None
    flag_count: int
    entry_flags: int | None


@dataclass(frozen=True)
class Proposal:
    category: str | None
    entry_flags: int | None  # flag count when the ward joined the list, if on it


def propose(flag_count: int, min_flags: int, previous: Previous | None) -> Proposal:
    """The rule-based category for a ward with ``flag_count`` flags now."""
    listed = previous is not None and previous.category in LISTED
    if flag_count == 0:
        return Proposal(OFF if listed else None, None)
    if not listed:
        if flag_count >= min_flags:
            return Proposal(EMERGING, flag_count)
        return Proposal(None, None)
    assert previous is not None
    entry = previous.entry_flags if previous.entry_flags is not None else previous.flag_count
    if flag_count >= min_flags and flag_count > previous.flag_count:
        return Proposal(EMERGING, entry)
    if flag_count < entry:
        return Proposal(SUSTAINING, entry)
    if previous.category in (EMERGING, SUSTAINING):
        return Proposal(previous.category, entry)
    # Listed only because a person chose "preventing": the rules take it from here.
    return Proposal(EMERGING, entry) if flag_count >= min_flags else Proposal(None, None)


def entry_for(category: str | None, flag_count: int, previous: Previous | None) -> int | None:
    """The flag count at which a ward joined the list, for its category in force."""
    if category not in LISTED:
        return None
    if previous is not None and previous.category in LISTED:
        return previous.entry_flags if previous.entry_flags is not None else previous.flag_count
    return flag_count
