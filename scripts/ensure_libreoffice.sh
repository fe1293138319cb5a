#!/usr/bin/env bash
# The PDF tests convert with Debian's LibreOffice: soffice, python3-uno for the long-lived LibreOffice that
# phoihop.reports.formats.pdf keeps per process, and Liberation Serif (Times New Roman's metric twin, the font the
# PDFs are laid out in). Install them when missing and we can (about 90 MB; 15 s here).
set -euo pipefail
if command -v soffice >/dev/null && /usr/bin/python3 -c "import uno" 2>/dev/null \
  && [ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's LibreOffice (writer, python3-uno, Liberation fonts) for the PDF tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    libreoffice-writer-nogui python3-uno fonts-liberation2 >/dev/null
else
  echo "WARNING: LibreOffice is missing; install libreoffice-writer-nogui python3-uno fonts-liberation2 to run" \
    "the PDF tests (they skip)." >&2
fi
