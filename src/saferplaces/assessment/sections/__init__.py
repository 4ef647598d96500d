"""Built-in section kinds. Each module registers its kinds with
:func:`saferplaces.assessment.registry.register_section`, as a later capability does."""

from saferplaces.assessment.sections import (  # noqa: F401
    appendix,
    findings,
    front,
    notes,
    prose,
    topic,
)
