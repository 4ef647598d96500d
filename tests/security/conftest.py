"""The security tests use the web app's fixtures (the demo partnership, a client per
role, per-test media and assessments folders)."""

from tests.web.conftest import (  # noqa: F401  (fixtures)
    _web_files,
    clients,
    demo,
    meetings,
    outsider,
    paper,
)
