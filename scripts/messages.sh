#!/usr/bin/env bash
# The English catalogue, locale/en/LC_MESSAGES/django.po (msgids are the Vietnamese sources).
#   bash scripts/messages.sh           extract the messages of today's sources (makemessages) and
#                                      list the entries that still need English (new or fuzzy)
#   bash scripts/messages.sh compile   after translating: check the .po, compile the committed .mo
# Translate every listed entry (placeholders, HTML and plural forms kept) and delete its
# "fuzzy" flag once the English is checked. tests/test_translations.py extracts the same way
# and fails while an entry needs English or the .mo is older than the .po.
# No JavaScript uses gettext, so there is no djangojs catalogue. locale-drf/ holds DRF's
# Vietnamese (see its header); makemessages leaves it alone.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
po=locale/en/LC_MESSAGES/django.po

case "${1:-extract}" in
  extract)
    # The same folders as tests/test_translations.py's IGNORED.
    "$python" manage.py makemessages -l en --ignore=.venv --ignore=tests --ignore=data \
      --ignore=static --verbosity 0
    # msgmerge's own line wrapping, for every entry: later runs change only what changed.
    msgcat "$po" -o "$po"
    untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
    fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ' || true)
    # Each count includes the header when any entry is listed.
    echo "needs English: $(( untranslated ? untranslated - 1 : 0 )) untranslated," \
      "$(( fuzzy ? fuzzy - 1 : 0 )) fuzzy"
    if [ "$untranslated$fuzzy" != "00" ]; then
      msgattrib --untranslated --no-obsolete "$po" | sed '1,/^$/d'
      echo
      msgattrib --only-fuzzy --no-obsolete "$po" | sed '1,/^$/d'
    fi
    ;;
  compile)
    msgfmt --check -o /dev/null "$po"
    "$python" manage.py compilemessages -l en --ignore=.venv --verbosity 0
    ;;
  *)
    echo "usage: bash scripts/messages.sh [extract|compile]" >&2
    exit 2
    ;;
esac
