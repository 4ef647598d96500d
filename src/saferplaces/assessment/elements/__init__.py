"""Built-in element kinds (the tables and figures of a chapter's *Issues*).

Each module declares its kinds in ``KINDS``; the assessment plugin
(:mod:`saferplaces.assessment.plugin`) gives them to the ``saferplaces_element_kinds``
extension point, as a later capability does for its own.
"""
