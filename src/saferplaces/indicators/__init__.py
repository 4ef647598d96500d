"""Indicators: the registry, the counting engine, statistics and tables.

Importing this package registers nothing: sources' indicators are registered by their
plugins when :func:`saferplaces.extensions.load` runs.
"""
