"""Built-in section kinds. Each module declares its kinds in ``KINDS``; the assessment
plugin (:mod:`saferplaces.assessment.plugin`) gives them to the
``saferplaces_section_kinds`` extension point, as a later capability does."""
