"""The DuckDB evidence warehouse."""

from saferplaces.warehouse.connection import Warehouse

__all__ = ["Warehouse"]
