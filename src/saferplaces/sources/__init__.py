"""Evidence in: one adapter per source format."""
