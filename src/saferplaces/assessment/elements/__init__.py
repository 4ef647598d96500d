"""Built-in element kinds (the tables and figures of a chapter's *Issues*).

Each module registers its kinds with :func:`saferplaces.assessment.registry.register_element`,
as a later capability does for its own.
"""

from saferplaces.assessment.elements import (  # noqa: F401
    crosstab,
    districts,
    periods,
    place_flags,
    places,
    places_analysis,
    summary,
    trend,
    wards,
)
