from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mecanismo.core.demo import ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Create a small, believable mechanism to try the portal (idempotent; not in production)."

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(
                "Demo data is refused when DEBUG is off (it creates accounts with a public "
                "password). Set DEBUG=1 on a development machine."
            )
        ctx: dict = {}
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(ctx)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Demo logins (password: {DEMO_PASSWORD}):")
        )
        for email, _name, _lang, role in ACCOUNTS.values():
            self.stdout.write(f"  {email:<28} {role}")
        self.stdout.write(
            f"  MFA accounts use the TOTP secret {DEMO_TOTP_SECRET} "
            "(`make totp` prints the current code)."
        )
