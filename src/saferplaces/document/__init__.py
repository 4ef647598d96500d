"""Documents: the layer every document saferplaces writes is built on.

* :mod:`~saferplaces.document.model`: the tree of sections, narrative, tables and
  figures that a builder fills and :mod:`saferplaces.render` writes as HTML, tagged
  PDF, Word and XLSX/CSV.

This layer sits below the builders (``assessment/``, ``places/``, the web apps) and
below ``render/``, and imports neither.
"""
