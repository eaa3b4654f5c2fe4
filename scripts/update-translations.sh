#!/usr/bin/env bash
# Extract the interface's texts and update the catalogues, then compile them.
# Source texts (msgids) are Polish. en: the complete English translation.
# pl: only the Polish plural forms of ngettext texts (Polish has three).
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
  -o kooperacje/translations/messages.pot . >/dev/null
pybabel update -i kooperacje/translations/messages.pot -d kooperacje/translations \
  --no-fuzzy-matching --ignore-obsolete
pybabel compile -d kooperacje/translations --statistics
