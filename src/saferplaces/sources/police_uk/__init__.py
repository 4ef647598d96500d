"""police.uk street-level crime and anti-social behaviour files."""

from saferplaces.sources.police_uk.crime_types import ALL_CRIME, ASB, CRIME_TYPES
from saferplaces.sources.police_uk.loader import ingest_police_uk

__all__ = ["ALL_CRIME", "ASB", "CRIME_TYPES", "ingest_police_uk"]
