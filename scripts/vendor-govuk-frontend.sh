#!/usr/bin/env bash
# Re-vendor govuk-frontend (and htmx) into the web app's static folder.
#
#   scripts/vendor-govuk-frontend.sh [GOVUK_FRONTEND_VERSION] [HTMX_VERSION]
#
# Fetches the npm packages with `npm pack` (the only network step; run it by hand when
# upgrading, never at build or test time), compiles govuk-frontend's Sass with our
# settings and copies the result into src/saferplaces/web/static/. The settings:
#   - the system font stack instead of GDS Transport: that font is licensed only for
#     services on gov.uk, so no @font-face for it is emitted and no font file is copied;
#   - assets served from /static/govuk/assets/ (whitenoise, no CDN);
#   - no crown, crest or GOV.UK favicon images are copied (they are for gov.uk only),
#     and the CSS rules that would load them are removed (strip-unvendored-css.py).
set -euo pipefail
GF_VERSION="${1:-6.6.0}"
HTMX_VERSION="${2:-2.0.11}"
SASS_VERSION="1.108.2"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/src/saferplaces/web/static"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "govuk-frontend@$GF_VERSION" >/dev/null
npm pack --silent "htmx.org@$HTMX_VERSION" >/dev/null
mkdir gf htmx
tar xzf "govuk-frontend-$GF_VERSION.tgz" -C gf
tar xzf "htmx.org-$HTMX_VERSION.tgz" -C htmx
npm install --silent --no-save --no-audit --no-fund "sass@$SASS_VERSION" >/dev/null

cat > saferplaces.scss <<'SCSS'
@use "gf/package/dist/govuk" with (
  $govuk-font-family: (system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif),
  $govuk-include-default-font-face: false,
  $govuk-assets-path: "/static/govuk/assets/"
);
SCSS
npx --no-install sass --no-source-map --style=compressed --load-path=. saferplaces.scss govuk-frontend.min.css

rm -rf "$OUT/govuk" "$OUT/htmx"
mkdir -p "$OUT/govuk" "$OUT/htmx"
cp govuk-frontend.min.css "$OUT/govuk/govuk-frontend.min.css"
# The crest rules point at images we do not copy: drop them rather than serve 404s.
python3 "$ROOT/scripts/strip-unvendored-css.py" "$OUT/govuk/govuk-frontend.min.css"
cp gf/package/dist/govuk/govuk-frontend.min.js "$OUT/govuk/govuk-frontend.min.js"
cp htmx/package/dist/htmx.min.js "$OUT/htmx/htmx.min.js"
cat > "$OUT/govuk/VENDORED.md" <<MD
# Vendored front-end packages

| package | version | licence | from |
|---|---|---|---|
| govuk-frontend | $GF_VERSION | MIT (code); the crown, crest and GDS Transport font are not copied | \`npm pack govuk-frontend@$GF_VERSION\`; Sass compiled with sass $SASS_VERSION |
| htmx.org | $HTMX_VERSION | 0BSD | \`npm pack htmx.org@$HTMX_VERSION\`, \`dist/htmx.min.js\` |

Re-vendor with \`scripts/vendor-govuk-frontend.sh [GOVUK_FRONTEND_VERSION] [HTMX_VERSION]\`.
The CSS uses the system font stack (\`system-ui\`, ...): GDS Transport is licensed only
for services on gov.uk.
MD
echo "vendored govuk-frontend $GF_VERSION and htmx $HTMX_VERSION into $OUT"
