#!/usr/bin/env python3
"""Remove CSS rules that point at images we do not vendor (the GOV.UK crest: for gov.uk
services only), so the browser never asks for a file that is not there.

    scripts/strip-unvendored-css.py src/saferplaces/web/static/govuk/govuk-frontend.min.css

Called by scripts/vendor-govuk-frontend.sh after compiling the Sass.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

NOT_VENDORED = "/static/govuk/assets/images/"


def strip(css: str) -> str:
    # An @supports block whose only rule uses an image, then any plain rule that does.
    css = re.sub(
        r"@supports[^{}]*\{[^{}]*\{[^{}]*" + re.escape(NOT_VENDORED) + r"[^{}]*\}\}", "", css
    )
    return re.sub(r"[^{}]*\{[^{}]*" + re.escape(NOT_VENDORED) + r"[^{}]*\}", "", css)


if __name__ == "__main__":
    path = Path(sys.argv[1])
    before = path.read_text()
    after = strip(before)
    path.write_text(after)
    print(f"{path}: removed {len(before) - len(after)} characters of rules for unvendored images")
