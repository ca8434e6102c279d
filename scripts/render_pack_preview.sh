#!/usr/bin/env bash
# A picture of a pack page, for the README and for a person to look at before a release.
#
#   scripts/render_pack_preview.sh [PACK.docx] [OUT_DIR]
#
# Converts the DOCX to PDF with LibreOffice headless and the first page to PNG at 80 dpi
# (pdftoppm, from poppler-utils). Without a DOCX it renders the example pack of the unit
# tests (tests/unit/test_pack_render.py) first. Writes OUT_DIR/<name>.pdf and
# OUT_DIR/<name>-page1.png (OUT_DIR defaults to docs/images) and prints their paths.
# LibreOffice runs with a throw-away profile so it does not collide with an open office.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
docx="${1:-}"
out="${2:-docs/images}"

for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install libreoffice-writer poppler-utils)" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ -z "$docx" ]]; then
  uv run python - "$work" <<'PY'
import sys
from pathlib import Path

from tests.unit.test_pack_render import example_single_pack
from workers.packs.render import render_single

render_single(example_single_pack(), Path(sys.argv[1]))
PY
  docx="$(ls "$work"/*.docx | head -n 1)"
fi

mkdir -p "$out"
name="$(basename "${docx%.docx}")"
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf \
  --outdir "$work" "$docx" >/dev/null
cp "$work/$name.pdf" "$out/$name.pdf"
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$out/$name.pdf" "$out/$name-page1"
echo "$out/$name.pdf"
echo "$out/$name-page1.png"
