"""Settings: a table of (name, environment variable, default, help).

Every setting is listed in :data:`SETTINGS` and documented in ``docs/settings.md``;
a test checks the two agree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from saferplaces.core.errors import SaferplacesError


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "warehouse",
        "SAFERPLACES_WAREHOUSE",
        ".saferplaces/warehouse.duckdb",
        "Path of the DuckDB evidence warehouse; a command's own warehouse option overrides it.",
    ),
    Setting(
        "data_dir",
        "SAFERPLACES_DATA_DIR",
        "data/sample (in the source checkout)",
        "Folder the reference data (lookups, population, deprivation, boundaries) "
        "is loaded from on first use.",
    ),
    Setting(
        "warehouse_wait",
        "SAFERPLACES_WAREHOUSE_WAIT",
        "300",
        "Seconds a load (or any write to the warehouse) waits for another process writing "
        "it to finish before giving up. Readers never wait.",
    ),
    Setting(
        "alpha",
        "SAFERPLACES_ALPHA",
        "0.05",
        "Significance level for classifying a change as a significant increase or decrease.",
    ),
)


def setting(name: str) -> str:
    """Return the value of a setting from its environment variable or its default."""
    for s in SETTINGS:
        if s.name == name:
            return os.environ.get(s.env) or s.default
    raise KeyError(name)


def warehouse_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The warehouse file: ``explicit`` if given, else the environment, else the default."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("SAFERPLACES_WAREHOUSE") or ".saferplaces/warehouse.duckdb")


def warehouse_wait() -> float:
    """Seconds a write waits for another writer (``SAFERPLACES_WAREHOUSE_WAIT``)."""
    text = setting("warehouse_wait")
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also refuses nan
        raise SaferplacesError(
            f"SAFERPLACES_WAREHOUSE_WAIT must be a number of seconds, 0 or more (got {text!r})"
        )
    return value


def data_dir() -> Path:
    """The folder holding the bundled reference data (``data/sample`` in a checkout)."""
    env = os.environ.get("SAFERPLACES_DATA_DIR")
    if env:
        return Path(env)
    # src/saferplaces/core/settings.py -> the checkout root is four levels up.
    return Path(__file__).resolve().parents[3] / "data" / "sample"


def alpha() -> float:
    """Significance level used to classify changes (``SAFERPLACES_ALPHA``, default 0.05)."""
    return float(setting("alpha"))
