#!/usr/bin/env bash
# Re-create the vendored front-end assets in static/vendor/ from the npm
# registry, at pinned versions, so that nothing is loaded from outside at
# run time (closed-network deployment).
#
# Usage:
#   scripts/vendor_assets.sh            # (re)write static/vendor/{tabler,htmx,leaflet,leaflet.markercluster,echarts,
#                                       #   world-atlas,topojson-client}
#   scripts/vendor_assets.sh --check    # build into a temp dir and diff against static/vendor
#   scripts/vendor_assets.sh --dest DIR # write into DIR instead of static/vendor
#
# Needs: bash, npm (uses `npm pack`, i.e. the ordinary npm client and its
# configured registry), node, tar, sed, grep, diff.
#
# Each tarball is checked against the pinned dist.integrity (sha512) before
# anything is extracted. Only the minified distribution files are taken;
# source-map comments are stripped because the .map files are not vendored.
# static/vendor/README.md is maintained by hand and is not touched.
#
# To upgrade a package: change its version + integrity below
# (`npm view <pkg>@<version> dist.integrity`), run the script, review the
# diff, and update static/vendor/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/static/vendor"
CHECK=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --check) CHECK=1; shift ;;
    --dest) DEST="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

# name|version|dist.integrity
PINS=(
  "@tabler/core|1.6.1|sha512-lgmR9gcxRp5JlLxcmRi9Rz85JrEvH6Bz71KnlcPVSa97wtwQNjgSs3g3fxwbAlulHyRMghhIV04QUuW3pqDsIg=="
  "htmx.org|2.0.11|sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=="
  "leaflet|1.9.4|sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
  "leaflet.markercluster|1.5.3|sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA=="
  "echarts|6.1.0|sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA=="
  "world-atlas|2.0.2|sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
  "topojson-client|3.1.0|sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw=="
)
# Note: bootstrap is deliberately NOT vendored. tabler.min.js (@tabler/core
# 1.6.x) already bundles Bootstrap 5's JS components and Popper; loading
# bootstrap.bundle.min.js as well double-binds the data-bs-* handlers
# (dropdowns open and immediately close again).

# Directories under $DEST that this script owns (wiped and rebuilt).
OWNED=(tabler htmx leaflet leaflet.markercluster echarts world-atlas topojson-client)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/vendor-assets.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

sha512_sri() {
  node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
}

# fetch NAME VERSION INTEGRITY -> prints the extraction dir (contains package/)
fetch() {
  local name="$1" version="$2" integrity="$3"
  local slug="${name//@/}"; slug="${slug//\//-}"
  local dir="$WORK/$slug-$version"
  mkdir -p "$dir"
  (cd "$dir" && npm pack "$name@$version" --silent --no-fund --no-audit >/dev/null)
  local tgz
  tgz="$(find "$dir" -maxdepth 1 -name '*.tgz' -print -quit)"
  [[ -n "$tgz" ]] || { echo "npm pack produced no tarball for $name@$version" >&2; exit 1; }
  local got
  got="$(sha512_sri "$tgz")"
  if [[ "$got" != "$integrity" ]]; then
    echo "integrity mismatch for $name@$version" >&2
    echo "  expected $integrity" >&2
    echo "  got      $got" >&2
    exit 1
  fi
  tar -xzf "$tgz" -C "$dir" --no-same-owner --no-same-permissions
  local pv
  pv="$(node -p 'require(process.argv[1]).version' "$dir/package/package.json")"
  [[ "$pv" == "$version" ]] || { echo "$name: package.json says $pv, expected $version" >&2; exit 1; }
  echo "$dir/package"
}

# put SRC DST : copy a file with fixed mode
put() { mkdir -p "$(dirname "$2")"; install -m 0644 "$1" "$2"; }

# strip_sourcemap FILE : drop a trailing `//# sourceMappingURL=` or
# `/*# sourceMappingURL= */` line (the .map files are not vendored)
strip_sourcemap() {
  sed -i -E '/^[[:space:]]*(\/\/|\/\*)[#@][[:space:]]*sourceMappingURL=[^[:space:]]*([[:space:]]*\*\/)?[[:space:]]*$/d' "$1"
  if grep -q 'sourceMappingURL=' "$1"; then
    echo "sourceMappingURL still present in $1" >&2; exit 1
  fi
}

build() {
  local out="$1"
  local p name version integrity pkg
  declare -A PKG=()
  for p in "${PINS[@]}"; do
    IFS='|' read -r name version integrity <<<"$p"
    PKG["$name"]="$(fetch "$name" "$version" "$integrity")"
  done

  # --- Tabler (CSS + JS; the JS includes Bootstrap 5 JS + Popper) ---------
  pkg="${PKG[@tabler/core]}"
  put "$pkg/dist/css/tabler.min.css" "$out/tabler/tabler.min.css"
  put "$pkg/dist/js/tabler.min.js" "$out/tabler/tabler.min.js"
  strip_sourcemap "$out/tabler/tabler.min.css"
  strip_sourcemap "$out/tabler/tabler.min.js"
  # The CSS must be self-contained: no @import, and every url() a data: URI.
  if grep -q '@import' "$out/tabler/tabler.min.css"; then
    echo "tabler.min.css contains @import; review before vendoring" >&2; exit 1
  fi
  if grep -oE 'url\([^)]*' "$out/tabler/tabler.min.css" | grep -vqE "^url\([\"']?data:"; then
    echo "tabler.min.css references non-data url(); copy those files too" >&2; exit 1
  fi
  # The @tabler/core tarball ships no LICENSE file; its package.json says
  # "MIT" and the dist banner names the copyright holders. Write the MIT text
  # with those copyright lines.
  {
    echo "The MIT License (MIT)"
    echo
    sed -n -E 's/^[[:space:]]*\*[[:space:]]*(Copyright .*)$/\1/p' "$pkg/dist/css/tabler.min.css" | head -n 5
    cat <<'EOF'

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
EOF
  } >"$out/tabler/LICENSE"
  chmod 0644 "$out/tabler/LICENSE"
  grep -q '^Copyright ' "$out/tabler/LICENSE" || { echo "no copyright line found for Tabler" >&2; exit 1; }

  # --- htmx ----------------------------------------------------------------
  pkg="${PKG[htmx.org]}"
  put "$pkg/dist/htmx.min.js" "$out/htmx/htmx.min.js"
  put "$pkg/LICENSE" "$out/htmx/LICENSE"
  strip_sourcemap "$out/htmx/htmx.min.js"

  # --- Leaflet -------------------------------------------------------------
  pkg="${PKG[leaflet]}"
  put "$pkg/dist/leaflet.css" "$out/leaflet/leaflet.css"
  put "$pkg/dist/leaflet.js" "$out/leaflet/leaflet.js"
  local img
  for img in layers.png layers-2x.png marker-icon.png marker-icon-2x.png marker-shadow.png; do
    put "$pkg/dist/images/$img" "$out/leaflet/images/$img"
  done
  put "$pkg/LICENSE" "$out/leaflet/LICENSE"
  strip_sourcemap "$out/leaflet/leaflet.js"
  strip_sourcemap "$out/leaflet/leaflet.css"

  # --- Leaflet.markercluster (clusters thousands of markers on the map) ------
  # Only the minified build and its two stylesheets; the -src build, the
  # .map files, examples and specs stay out. The tarball's licence file is
  # MIT-LICENCE.txt; it is copied as LICENSE like the others.
  pkg="${PKG[leaflet.markercluster]}"
  put "$pkg/dist/leaflet.markercluster.js" "$out/leaflet.markercluster/leaflet.markercluster.js"
  put "$pkg/dist/MarkerCluster.css" "$out/leaflet.markercluster/MarkerCluster.css"
  put "$pkg/dist/MarkerCluster.Default.css" "$out/leaflet.markercluster/MarkerCluster.Default.css"
  put "$pkg/MIT-LICENCE.txt" "$out/leaflet.markercluster/LICENSE"
  strip_sourcemap "$out/leaflet.markercluster/leaflet.markercluster.js"
  # The plugin draws clusters with CSS only: its stylesheets must reference no files.
  if grep -Eq '@import|url\(' "$out/leaflet.markercluster/MarkerCluster.css" \
       "$out/leaflet.markercluster/MarkerCluster.Default.css"; then
    echo "MarkerCluster CSS references other files; review before vendoring" >&2; exit 1
  fi
  if grep -Eq 'https?://' "$out/leaflet.markercluster/leaflet.markercluster.js" \
       "$out/leaflet.markercluster/MarkerCluster.css" "$out/leaflet.markercluster/MarkerCluster.Default.css"; then
    echo "leaflet.markercluster contains an http(s) URL; review before vendoring" >&2; exit 1
  fi

  # --- ECharts (Apache-2.0: LICENSE + NOTICE, plus the d3 sub-licence) -----
  pkg="${PKG[echarts]}"
  put "$pkg/dist/echarts.min.js" "$out/echarts/echarts.min.js"
  put "$pkg/LICENSE" "$out/echarts/LICENSE"
  put "$pkg/NOTICE" "$out/echarts/NOTICE"
  put "$pkg/licenses/LICENSE-d3" "$out/echarts/LICENSE-d3"
  strip_sourcemap "$out/echarts/echarts.min.js"

  # --- world-atlas (Natural Earth country boundaries, TopoJSON, public domain data; ISC package) ----------
  # The map's context layer on a closed network with no tile server: the 1:10m countries.
  pkg="${PKG[world-atlas]}"
  put "$pkg/countries-10m.json" "$out/world-atlas/countries-10m.json"
  put "$pkg/LICENSE" "$out/world-atlas/LICENSE"

  # --- topojson-client (decodes the TopoJSON above in the browser) -----------------------------------------
  pkg="${PKG[topojson-client]}"
  put "$pkg/dist/topojson-client.min.js" "$out/topojson-client/topojson-client.min.js"
  put "$pkg/LICENSE" "$out/topojson-client/LICENSE"
  strip_sourcemap "$out/topojson-client/topojson-client.min.js"

  # --- Final guard: no CDN / font-host references in the assets ------------
  if grep -rEil 'googleapis|gstatic|cdn\.|unpkg|jsdelivr|cdnjs' \
       --include='*.css' --include='*.js' "$out"; then
    echo "external asset host referenced in the files above" >&2; exit 1
  fi
}

if [[ "$CHECK" == 1 ]]; then
  build "$WORK/out"
  rc=0
  for d in "${OWNED[@]}"; do
    diff -rq "$WORK/out/$d" "$DEST/$d" || rc=1
  done
  if [[ "$rc" == 0 ]]; then
    echo "static/vendor is up to date with the pinned npm packages."
  else
    echo "static/vendor differs from the pinned npm packages (see diff above)." >&2
  fi
  exit "$rc"
fi

build "$WORK/out"
mkdir -p "$DEST"
for d in "${OWNED[@]}"; do
  rm -rf "${DEST:?}/$d"
  cp -R "$WORK/out/$d" "$DEST/$d"
done
echo "Vendored assets written to $DEST:"
(cd "$DEST" && find "${OWNED[@]}" -type f | sort)
