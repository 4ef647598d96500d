"""Place-based working: flags, categories, hotspots, concentration, harm and profiles.

Importing this package registers nothing: its plugin (:mod:`saferplaces.places.plugin`)
gives the harm indicator and the harm weights reference file to the extension points.
"""
