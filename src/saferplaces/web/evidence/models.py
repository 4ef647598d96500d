# The evidence pages keep nothing in the web database: they read the DuckDB warehouse
# through the core library (see warehouse.py).
