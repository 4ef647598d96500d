"""police.uk street-level crime and anti-social behaviour files.

The loader (and with it pyarrow) is imported on first use, so starting a program or
listing sources never pays for it.
"""

from __future__ import annotations

from typing import Any

from saferplaces.sources.police_uk.crime_types import ALL_CRIME, ASB, CRIME_TYPES

__all__ = ["ALL_CRIME", "ASB", "CRIME_TYPES", "ingest_police_uk"]


def __getattr__(name: str) -> Any:
    if name == "ingest_police_uk":
        from saferplaces.sources.police_uk.loader import ingest_police_uk

        return ingest_police_uk
    raise AttributeError(name)
