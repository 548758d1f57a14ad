"""Security headers on every HTML answer (success, redirects' targets, 403/404 pages, the admin
and account pages): a strict CSP without 'unsafe-inline', no framing, a referrer policy."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.mesas import factories as f

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            result[words[0]] = words[1:]
    return result


def _check(response, url):
    assert response.status_code < 500, url
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    csp = response.get("Content-Security-Policy", "")
    assert csp, f"{url}: no CSP"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    d = _directives(csp)
    for name in ("default-src", "script-src", "style-src"):
        assert d.get(name) == ["'self'"], (url, name, d.get(name))
    assert d.get("frame-ancestors") == ["'none'"], url
    assert d.get("object-src") == ["'none'"], url
    assert d.get("form-action") == ["'self'"], url
    assert response.get("X-Frame-Options") == "DENY", url
    assert response.get("Referrer-Policy") == "same-origin", url
    assert response.get("X-Content-Type-Options") == "nosniff", url


def test_security_headers_on_html_pages_for_visitors_and_members():
    member, user = f.member_in_mesa(1)
    meeting = f.meeting("mr1", days=5)
    f.invite(meeting, user, member)
    urls = [
        "/es/",
        "/en/mesas/",
        reverse("mesas:detail", kwargs={"slug": "mr1"}),
        reverse("mesas:calendar"),
        meeting.get_absolute_url(),
        reverse("membership:directory"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        "/es/no-such-page/",
        reverse("core:audit_log"),  # 403 for a member
        reverse("mesas:meeting_edit", kwargs={"pk": meeting.pk}),  # 403
        reverse("mesas:meeting_detail", kwargs={"pk": 987654321}),  # 404
        "/admin/login/",
    ]
    for client in (client_for(), client_for(user)):
        for url in urls:
            _check(client.get(url), url)


def test_security_headers_on_the_admin_and_downloads():
    admin = UserFactory(is_staff=True, is_superuser=True)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(admin, "JBSWY3DPEHPK3PXP")
    client = client_for(admin)
    for url in ("/admin/", "/admin/core/user/", reverse("core:audit_log")):
        response = client.get(url)
        assert response.status_code == 200, url
        _check(response, url)
    ics = client_for().get(reverse("mesas:feed_body", kwargs={"slug": "mr1"}))
    assert ics.get("X-Content-Type-Options") == "nosniff"
    assert ics.get("Content-Type").startswith("text/calendar")


def test_session_and_csrf_cookies_are_http_only_and_same_site(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE in {"Lax", "Strict"}
    user = UserFactory()
    response = client_for().post(
        reverse("account_login"), {"login": user.email, "password": "Correct-horse-2026"}
    )
    cookie = response.cookies.get(settings.SESSION_COOKIE_NAME)
    assert cookie is not None and cookie["httponly"]


def test_downloads_carry_nosniff_and_personal_ones_no_store():
    """Issue 11: every download is `nosniff`; the ones with personal data are not cached."""
    from django.core.files.base import ContentFile

    from mesas.demo import DEMO_PDF
    from mesas.models import AgendaDocument, AgendaItem

    member, user = f.member_in_mesa(1)
    meeting = f.meeting("mr1", days=5)
    f.invite(meeting, user, member)
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Punto")
    doc = AgendaDocument(item=item, title="Nota", kind="pdf", size=len(DEMO_PDF))
    doc.file.save("nota.pdf", ContentFile(DEMO_PDF), save=False)
    doc.save()
    client = client_for(user)
    for response in (
        client.get(reverse("mesas:document_download", kwargs={"pk": doc.pk})),
        client.post(reverse("membership:my_data_export")),
    ):
        assert response.status_code == 200
        assert response.get("X-Content-Type-Options") == "nosniff"
        assert "no-store" in response.get("Cache-Control", "")
    # The meeting's own calendar file (with the video link for invitees): never a shared cache.
    ics = client.get(reverse("mesas:meeting_ics", kwargs={"pk": meeting.pk}))
    assert ics.get("X-Content-Type-Options") == "nosniff"
    assert "public" not in ics.get("Cache-Control", "")
