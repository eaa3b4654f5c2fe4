#!/usr/bin/env bash
# System packages the test suite needs, installed from Debian's repositories when missing:
# Chromium for the browser tests (Playwright drives it; no browser is ever downloaded), and for
# the document tests LibreOffice Writer without its GUI (soffice --headless --convert-to pdf),
# poppler-utils (pdftotext, pdfinfo, pdftoppm) and Carlito, metric-compatible with Calibri, so
# the PDF breaks lines and pages as Word would; Calc, to open the XLSX downloads; and a PostgreSQL
# server for the suite's second run.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# (no -q on grep below: SIGPIPE under pipefail)
{ dpkg-query -W -f='${Status}\n' libreoffice-calc-nogui libreoffice-calc 2>/dev/null || true; } | grep "ok installed" >/dev/null \
  || need+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -i carlito >/dev/null || need+=(fonts-crosextra-carlito)  # no -q: SIGPIPE under pipefail
# the second run of the suite (scripts/test-postgres.sh) needs a server, not just the client
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# the login throttle's shared counts (tests/test_rate_limit.py starts its own server on 127.0.0.1)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages: ${need[*]} (run as root or: sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
  echo "Installing ${need[*]} from Debian's repositories..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Without Recommends: the formula editor, dictionaries, AppArmor, Python-UNO and chromium-sandbox
  # (the browser tests pass --no-sandbox) are not needed to run the tests.
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
