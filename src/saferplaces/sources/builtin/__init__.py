"""The built-in dataset specs, one TOML file per source (read by
:func:`saferplaces.sources.agency.spec_reader.builtin_spec`)."""
