from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_files() -> list[Path]:
    """The project's own catalogues: locale/ and each app's <app>/locale/ (not .venv)."""
    base = Path(settings.BASE_DIR).resolve()
    dirs = [Path(d) for d in settings.LOCALE_PATHS]
    for config in apps.get_app_configs():
        app_path = Path(config.path).resolve()
        if app_path.is_relative_to(base) and ".venv" not in app_path.parts:
            dirs.append(app_path / "locale")
    return sorted({p for d in dirs for p in d.glob("*/LC_MESSAGES/django.po")})


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo without needing GNU gettext installed."

    def handle(self, *args, **options):
        count = 0
        for po_path in catalogue_files():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            count += 1
        self.stdout.write(f"Compiled {count} catalogue(s).")
