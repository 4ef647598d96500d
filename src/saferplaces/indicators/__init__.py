"""Indicators: the registry, the counting engine, statistics and tables.

Importing the package registers the agency sources' indicators (fire, ambulance, ...)
next to police.uk's, so any code that looks an indicator up finds them.
"""

from saferplaces.indicators import agency as _agency  # noqa: F401  (registers indicators)
