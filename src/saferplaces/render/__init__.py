"""Rendering a document tree: HTML, tagged PDF, Word, spreadsheet and CSV, with charts.

A shared library: the strategic assessment, area profiles and agenda packs all build a
:class:`saferplaces.document.model.Document` and render it here. Renderers walk the
tree and compute nothing.
"""
