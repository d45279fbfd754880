#!/usr/bin/env bash
# The translation workflow (Babel). Catalogs: xplorium/locale/<locale>/LC_MESSAGES/messages.po
#   scripts/i18n.sh extract   # pull every _()/N_()/ngettext() message into messages.pot
#   scripts/i18n.sh update    # merge the template into each .po (new strings arrive empty)
#   scripts/i18n.sh compile   # .po -> .mo (setup.sh runs this; .mo files are not committed)
set -euo pipefail
cd "$(dirname "$0")/.."
LOCALE_DIR=xplorium/locale
POT=$LOCALE_DIR/messages.pot
case "${1:-}" in
  extract)
    pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 --no-wrap --sort-by-file \
      --project Xplorium --copyright-holder Xplorium -o "$POT" xplorium ;;
  update)
    for locale in sr_Latn en; do
      if [ -f "$LOCALE_DIR/$locale/LC_MESSAGES/messages.po" ]; then
        pybabel update -i "$POT" -d "$LOCALE_DIR" -l "$locale" --no-wrap --ignore-obsolete
      else
        pybabel init -i "$POT" -d "$LOCALE_DIR" -l "$locale" --no-wrap
      fi
    done ;;
  compile)
    pybabel compile -d "$LOCALE_DIR" --statistics ;;
  *)
    echo "usage: scripts/i18n.sh extract|update|compile" >&2; exit 2 ;;
esac
