"""The built-in dataset specs, one TOML file per source (read by
:func:`saferplaces.sources.agency.spec.builtin_spec`)."""
