#!/usr/bin/env bash
# Pictures of the packs, for the README and for a person to look at before a release.
#
#   scripts/render_pack_preview.sh                 # the two README images
#   scripts/render_pack_preview.sh PACK.docx [OUT_DIR] [PAGE]
#
# Without arguments it renders the example packs of the unit tests
# (tests/unit/test_pack_render.py: a single-agency pack and the consolidated pack, built to
# look like a real quarter) and writes docs/images/pack-single.png and
# docs/images/pack-consolidated.png: page 1 of each, as Word prints it. The DOCX goes to
# PDF with LibreOffice headless (a throw-away profile, so it does not collide with an open
# office) and the page to PNG at 80 dpi with pdftoppm (poppler-utils). Given a DOCX, it
# writes OUT_DIR/<name>-page<PAGE>.png (OUT_DIR defaults to docs/images, PAGE to 1).
#
# Without LibreOffice it falls back to the pack's HTML printed to A4 by headless Chromium
# (the print style sheet mirrors the Word layout) and says so.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v pdftoppm >/dev/null || { echo "pdftoppm is not installed (apt-get install poppler-utils)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# page_png PDF PAGE OUT.png
page_png() {
  pdftoppm -png -r 80 -f "$2" -l "$2" -singlefile "$1" "${3%.png}"
  echo "$3"
}

# to_pdf DOCX -> prints the PDF's path (LibreOffice, or Chromium on the pack's HTML)
to_pdf() {
  local docx="$1" name
  name="$(basename "${docx%.docx}")"
  if command -v soffice >/dev/null; then
    soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf \
      --outdir "$work" "$docx" >/dev/null
  else
    local html="${docx%.docx}.html" chromium
    chromium="$(command -v chromium || command -v chromium-browser || true)"
    [[ -n "$chromium" && -f "$html" ]] || {
      echo "neither LibreOffice (apt-get install libreoffice-writer-nogui) nor Chromium with the pack's HTML is available" >&2
      exit 2
    }
    echo "LibreOffice is not installed: rendering $(basename "$html") with headless Chromium instead" >&2
    "$chromium" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
      --print-to-pdf="$work/$name.pdf" "file://$html" >/dev/null 2>&1
  fi
  echo "$work/$name.pdf"
}

if [[ $# -ge 1 ]]; then
  docx="$1"
  out="${2:-docs/images}"
  page="${3:-1}"
  mkdir -p "$out"
  pdf="$(to_pdf "$docx")"
  page_png "$pdf" "$page" "$out/$(basename "${docx%.docx}")-page$page.png"
  exit 0
fi

uv run python - "$work" <<'PY'
import sys
from pathlib import Path

from tests.unit.test_pack_render import example_consolidated_pack, example_single_pack
from workers.packs.render import render_consolidated, render_single

out = Path(sys.argv[1])
render_single(example_single_pack(), out)
render_consolidated(example_consolidated_pack(), out)
PY
mkdir -p docs/images
page_png "$(to_pdf "$work/2020-Q4_cambridgeshire-cc_neglect.docx")" 1 docs/images/pack-single.png
page_png "$(to_pdf "$work/consolidated_2020-Q4.docx")" 1 docs/images/pack-consolidated.png
