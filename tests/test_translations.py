"""The English catalogue: complete for the messages in today's sources, and compiled.

`scripts/messages.sh` extracts the messages (makemessages) and lists what still needs English;
the test below extracts the same way into a copy, so a string marked for translation without
an English entry fails here even when nobody ran makemessages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

BASE = Path(settings.BASE_DIR)
CATALOGUE = BASE / "locale" / "en" / "LC_MESSAGES"
# As scripts/messages.sh: the portal's sources only (makemessages' own defaults skip hidden
# folders such as .git), read from .py, .html and .txt files.
IGNORED = [".venv", "tests", "data", "static"]
EXTENSIONS = (".py", ".html", ".txt")


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"gettext's {name} is needed (scripts/system-packages.sh test installs it)"
    return path


def needing_english(po: Path) -> list[str]:
    """The entries of `po` with no English or only a fuzzy guess, as msgattrib prints them."""
    found = []
    for which in ("--untranslated", "--only-fuzzy"):
        listed = subprocess.run(
            [_tool("msgattrib"), which, "--no-obsolete", "--no-wrap", str(po)],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        entries = [entry for entry in listed.split("\n\n") if "\nmsgid " in f"\n{entry}"]
        found += [entry for entry in entries if '\nmsgid ""\nmsgstr' not in f"\n{entry}"]  # header
    return found


def _copy_sources(target: Path) -> None:
    """The files makemessages reads, at the same relative paths (its references stay valid)."""
    for root, folders, files in os.walk(BASE):
        here = Path(root)
        folders[:] = [
            name for name in folders
            if not name.startswith(".") and name not in IGNORED
            and not (here == BASE and name in ("locale", "locale-drf"))
        ]  # fmt: skip
        for name in files:
            if name.endswith(EXTENSIONS):
                copy = target / here.relative_to(BASE) / name
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(here / name, copy)


@pytest.fixture
def extracted(tmp_path: Path, settings, monkeypatch) -> Path:
    """The English catalogue after makemessages over a copy of today's sources."""
    for tool in ("xgettext", "msguniq", "msgmerge", "msgattrib"):
        _tool(tool)
    _copy_sources(tmp_path)
    copy = tmp_path / "locale" / "en" / "LC_MESSAGES"
    copy.mkdir(parents=True)
    shutil.copyfile(CATALOGUE / "django.po", copy / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], ignore_patterns=IGNORED, verbosity=0)
    return copy / "django.po"


def test_every_message_in_the_sources_has_an_english_translation(extracted: Path) -> None:
    missing = needing_english(extracted)
    assert not missing, (
        f"{len(missing)} messages need English: run `bash scripts/messages.sh`, translate "
        "them in locale/en/LC_MESSAGES/django.po, then `bash scripts/messages.sh compile`.\n\n"
        + "\n\n".join(missing[:10])
    )


def test_the_committed_catalogue_has_english_for_every_entry() -> None:
    missing = needing_english(CATALOGUE / "django.po")
    assert not missing, "\n\n".join(missing[:10])


def test_the_committed_english_catalogue_is_compiled_from_the_current_po(tmp_path: Path) -> None:
    compiled = tmp_path / "django.mo"
    subprocess.run(
        [_tool("msgfmt"), "--check", "-o", str(compiled), str(CATALOGUE / "django.po")], check=True
    )
    assert compiled.read_bytes() == (CATALOGUE / "django.mo").read_bytes()
