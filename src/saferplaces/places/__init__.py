"""Place-based working: flags, categories, hotspots, concentration, harm and profiles.

Importing this package registers the harm weights reference file and the ``harm``
indicator, so every capability that lists indicators sees them.
"""

from saferplaces.places import harm as _harm  # noqa: F401  (registers harm)
