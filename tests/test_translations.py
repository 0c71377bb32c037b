from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def test_the_committed_english_catalogue_is_compiled_from_the_current_po(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed (scripts/system-packages.sh test installs it)"
    compiled = tmp_path / "django.mo"
    subprocess.run(
        [msgfmt, "--check", "-o", str(compiled), str(CATALOGUE / "django.po")], check=True
    )
    assert compiled.read_bytes() == (CATALOGUE / "django.mo").read_bytes()


def test_every_message_has_an_english_translation() -> None:
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first entry is the header
    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""') and "msgstr[" not in e]
    assert not untranslated, untranslated[:3]
    assert "#, fuzzy" not in text
