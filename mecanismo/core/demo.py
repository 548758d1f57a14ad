"""Demo accounts (issue: Foundation). Every app adds its own `demo.py` with a `seed(ctx)` function;
`manage.py seed_demo` calls them in INSTALLED_APPS order. Each must be idempotent."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from .models import Agency, Mesa, Role, RoleAssignment, User

DEMO_PASSWORD = "Mecanismo-demo-2026"  # demo accounts only (ALLOW_DEMO_DATA)  # nosec B105
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # demo accounts only  # nosec B105

# (e-mail, full name, language, description shown by seed_demo)
ACCOUNTS = {
    "admin": ("admin@demo.local", "Ana Admin", "es", "admin (MFA)"),
    "gtsc": ("gtsc@demo.local", "Gabriela Torres (OIM)", "es", "GT-SC staff of IOM (MFA)"),
    "coordinator1": ("coordinator1@demo.local", "Carlos Mendoza", "es", "coordinator of MR 1"),
    "member": ("member@demo.local", "María Fernández", "es", "member organisation, MR 1 and MR 3"),
}


def demo_user(email: str, full_name: str, language: str = "es", **extra) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "language": language, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def enrol_totp(user: User) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)


def seed(ctx: dict) -> None:
    email, name, lang, _ = ACCOUNTS["admin"]
    admin = demo_user(email, name, lang, is_staff=True, is_superuser=True)
    enrol_totp(admin)

    email, name, lang, _ = ACCOUNTS["gtsc"]
    gtsc = demo_user(email, name, lang)
    RoleAssignment.objects.get_or_create(
        user=gtsc,
        role=Role.GTSC_STAFF,
        mesa=None,
        ends_on=None,
        defaults={"agency": Agency.objects.get(code="iom")},
    )
    enrol_totp(gtsc)

    email, name, lang, _ = ACCOUNTS["coordinator1"]
    coordinator = demo_user(email, name, lang)
    mesa1 = Mesa.objects.get(number=1)
    RoleAssignment.objects.get_or_create(
        user=coordinator, role=Role.COORDINATOR, mesa=mesa1, ends_on=None
    )

    email, name, lang, _ = ACCOUNTS["member"]
    member = demo_user(email, name, lang)
    ctx.update(admin=admin, gtsc=gtsc, coordinator1=coordinator, member_user=member)
