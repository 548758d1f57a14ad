import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from mecanismo.core.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo MFA accounts (admin@ and gtsc@demo.local)."

    def handle(self, *args, **options):
        # The same computation allauth uses to check codes. (pyotp ≥ 2.10 refuses the demo secret:
        # it is shorter than NIST's 112 bits, on purpose, so people can type it.)
        counter = int(time.time()) // mfa_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
