"""The strategic assessment: a document (:mod:`saferplaces.document.model`) filled from
the warehouse by a spec.

* :mod:`~saferplaces.assessment.spec`: the declarative spec (``default_district.yaml``);
* :mod:`~saferplaces.assessment.builder`: fills the tree (``build_assessment``);
* :mod:`~saferplaces.assessment.narrative` and ``values``: the analyst's Markdown;
* :mod:`~saferplaces.assessment.registry`: section and element kinds (extension points);
* :mod:`~saferplaces.assessment.produce`: build and render every format (``produce``).
"""
