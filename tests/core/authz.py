"""Authorisation matrix rows of the core pages, the API, the language switch and the account pages
(django-allauth). See tests/security/authz.py for the format."""

from tests.factories import PASSWORD
from tests.security.authz import ADMIN, EVERYONE, GTSC, MEMBER, SIGNED_IN, Post, Row, roles

MFA_USERS = roles(GTSC, ADMIN)

# allauth's own forms are tested by allauth and tests/core/test_account_pages.py; here every role
# opens each account page (and posts it empty) for the access rule and "never a 500".
ACCOUNT_PAGES_FOR_EVERYONE = [
    "account_signup",
    "account_inactive",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_email_verification_sent",
]
ACCOUNT_PAGES_SIGNED_IN = [
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_generate_recovery_codes",
]


def _login_data(w, kw):
    return {"login": w.users[MEMBER].email, "password": PASSWORD}


ROWS = [
    Row("healthz"),
    Row("api:objectives"),
    Row("api:mesas"),
    Row(
        "set_language",
        posts=[Post(EVERYONE, lambda w, kw: {"language": "en", "next": "/en/"})],
    ),
    Row("core:home"),
    Row("core:audit_log", get=roles(ADMIN)),
    Row("core:audit_log", query="?action=minutes", get=roles(ADMIN), note="filtered"),
    Row("core:open_call"),
    Row("core:about"),
    Row("core:privacy"),
    Row("core:privacy_version", kwargs=lambda w: {"version": w.notice.version}),
    Row("core:my_home", get=SIGNED_IN),
    Row(
        "core:settings",
        get=SIGNED_IN,
        posts=[
            Post(
                SIGNED_IN,
                lambda w, kw: {
                    "full_name": "Nombre Cambiado",
                    "language": "es",
                    "time_zone": "America/Bogota",
                },
            )
        ],
    ),
    Row(
        "outbox:preferences",
        get=SIGNED_IN,
        posts=[Post(SIGNED_IN, lambda w, kw: {"enabled": []})],
    ),
    Row("account_login", posts=[Post(EVERYONE, _login_data)], third_party=True),
    Row("account_logout", posts=[Post(EVERYONE)], third_party=True),
    Row(
        "account_confirm_email",
        kwargs=lambda w: {"key": "not-a-real-key"},
        third_party=True,
    ),
    Row(
        "account_reset_password_from_key",
        kwargs=lambda w: {"uidb36": "zz", "key": "not-a-real-key"},
        third_party=True,
    ),
    # Without a login in progress, visitors are sent back to the login page.
    Row("mfa_authenticate", get=SIGNED_IN, third_party=True),
    Row("account_confirm_login_code", get=SIGNED_IN, third_party=True),
    # Only people with a second factor have one to deactivate or recovery codes to see.
    *[
        Row(name, get=MFA_USERS, third_party=True)
        for name in (
            "mfa_deactivate_totp",
            "mfa_view_recovery_codes",
            "mfa_download_recovery_codes",
        )
    ],
    *[Row(name, third_party=True) for name in ACCOUNT_PAGES_FOR_EVERYONE],
    *[Row(name, get=SIGNED_IN, third_party=True) for name in ACCOUNT_PAGES_SIGNED_IN],
]
