"""Bad input never answers with a 500 (brief: a clear message, nothing written, never a 500).

One generic walk POSTs an empty body and a body full of junk (wrong types, invalid choices,
huge values, ids that are not numbers or do not exist, NUL bytes) to every URL pattern of the
project, as each demo role, with the demo data; every HTML answer must carry the security
headers. Then a few targeted cases: attendance keys that are not ids, and concurrent
double-submits of approvals and replies."""

from __future__ import annotations

import datetime
import io
import itertools
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mecanismo.core.demo import ACCOUNTS
from mecanismo.core.models import AuditLog, Mesa, User
from membership.models import MesaMembership
from mesas.models import Invitation, Meeting, Minutes, MinutesVersion
from tests.mesas import factories as f
from tests.test_url_walk import ROLES, _pick, load_registry, project_routes, sample_source

from .conftest import client_for

HUGE = "x" * 200_000
JUNK = {
    "title": HUGE,
    "name": HUGE,
    "text": "nul\x00byte",
    "description": "<script>alert(1)</script>",
    "reason": "r" * 5000,
    "note": "\x00",
    "pk": "abc",
    "id": "-1",
    "member": "99999999999999999999",
    "mesa": "abc",
    "mesas": ["999999", "abc", "-1"],
    "objectives": ["abc", "99999999999999999999"],
    "owner": "abc",
    "user": "99999999999999999999",
    "country": "ZZ",
    "actor_type": "nope",
    "kind": "robot",
    "decision": "maybe",
    "response": "perhaps",
    "status": "<b>done</b>",
    "action": "approve",
    "direction": "sideways",
    "starts_at": "not a date",
    "ends_at": "2026-13-45T99:99",
    "due_on": "tomorrow",
    "time_zone": "Mars/Olympus_Mons",
    "modality": "telepathy",
    "month": "9999-99",
    "language": "xx",
    "enabled": ["nope"],
    "gender": "robot",
    "migrant_experience": "perhaps",
    "email": "not-an-email",
    "login": "not-an-email",
    "password": "x",
    "a-99999999999999999999": "present",
    "a-\u00b2": "present",
    "a-1": "on-mars",
    "file": "not a file",
}
SKIP = {"account_logout"}  # would end the walking client's session (covered in test_auth)
# To stay fast (2 shared cores): visitors are walked with the empty body (junk meets the same
# login redirect), GT-SC staff with junk only (their pages are the admins' ones).
SPARED = {("anonymous", True), ("gtsc", False)}
HTML_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy")


def _post(client: Client, url: str, data: dict):
    try:
        return client.post(url, data), None
    except Exception as exc:  # noqa: BLE001 - any exception escaping a view is the failure
        return None, repr(exc)[:300]


@pytest.mark.django_db
def test_empty_and_junk_posts_never_500_for_any_role():
    call_command("seed_demo", stdout=io.StringIO())
    users = {role: User.objects.get(email=ACCOUNTS[role][0]) for role in ROLES[1:]}
    registry = load_registry()
    urls = []
    for route in project_routes():
        if route.name in SKIP:
            continue
        values = {}
        for param in route.params:
            source = sample_source(route, param, registry)
            values[param] = _pick(source())[:1] if source else []
        if any(not v for v in values.values()):
            continue
        kwargs = {p: v[0] for p, v in values.items()}
        urls.append(reverse(route.name, kwargs=kwargs))
    assert len(urls) > 40
    failures = []
    for role in ROLES:
        client = client_for(users.get(role))
        for url, data in itertools.product(urls, ({}, JUNK)):
            if (role, bool(data)) in SPARED:
                continue
            response, error = _post(client, url, data)
            if error or response.status_code >= 500:
                failures.append(f"{role} POST {url} {'junk' if data else 'empty'}: {error or 500}")
                continue
            if response.get("Content-Type", "").startswith("text/html"):
                missing = [h for h in HTML_HEADERS if not response.has_header(h)]
                if missing:
                    failures.append(f"{role} POST {url}: missing {missing}")
            if role != "anonymous" and not client.session.get("_auth_user_id"):
                client.force_login(users[role])  # a junk POST may end a session: walk on
    assert not failures, f"{len(failures)} problem(s):\n" + "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["a-99999999999999999999", "a-\u00b2", "a-\u0663"])
def test_attendance_with_keys_that_are_not_ids_is_a_clear_refusal(key):
    coordinator = f.coordinator(1)
    member, user = f.member_in_mesa(1)
    meeting = f.meeting("mr1", days=-1)
    inv = f.invite(meeting, user, member)
    response = client_for(coordinator).post(
        reverse("mesas:attendance", kwargs={"pk": meeting.pk}),
        {key: "present", f"a-{inv.pk}": "present"},
    )
    assert response.status_code == 400
    inv.refresh_from_db()
    assert inv.attendance == ""


@pytest.mark.django_db
def test_calendar_filter_with_junk_never_500():
    client = client_for()
    for query in ("?month=9999-99", "?month=0000-01", "?body=nope&page=abc", "?page=-1"):
        assert client.get(reverse("mesas:calendar") + query).status_code < 500


def _in_threads(n, func):
    errors = []
    barrier = threading.Barrier(n)

    def run(i):
        try:
            barrier.wait()
            func(i)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_approval_of_a_mesa_request(reference_data):
    coordinator = f.coordinator(1)
    member, _user = f.member_in_mesa(2)
    row = MesaMembership.objects.create(
        member=member, mesa=Mesa.objects.get(number=1), status="pending"
    )
    url = reverse("membership:mesa_request_decide", kwargs={"slug": "mr1", "pk": row.pk})
    statuses = []

    def approve(_i):
        statuses.append(client_for(coordinator).post(url, {"decision": "approve"}).status_code)

    errors = _in_threads(4, approve)
    assert not errors
    assert all(s < 500 for s in statuses), statuses
    row.refresh_from_db()
    assert row.status == "approved"
    assert AuditLog.objects.filter(action="mesa_membership.approved").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_rsvp_in_an_open_session_makes_one_invitation(reference_data):
    member, user = f.member_in_mesa(1)
    meeting = f.meeting("mr1", days=5, is_open=True)
    url = reverse("mesas:rsvp", kwargs={"pk": meeting.pk})
    statuses = []

    def reply(_i):
        statuses.append(client_for(user).post(url, {"response": "online"}).status_code)

    errors = _in_threads(4, reply)
    assert not errors, errors
    assert all(s < 500 for s in statuses), statuses
    assert Invitation.objects.filter(meeting=meeting, user=user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_approval_of_minutes_makes_one_version(reference_data):
    coordinator = f.coordinator(1)
    meeting = f.meeting("mr1", days=-1)
    Minutes.objects.create(meeting=meeting, status="circulated", text="Acta", html="<p>Acta</p>")
    url = reverse("mesas:minutes_approve", kwargs={"pk": meeting.pk})
    statuses = []

    def approve(_i):
        statuses.append(client_for(coordinator).post(url).status_code)

    errors = _in_threads(3, approve)
    assert not errors, errors
    assert all(s < 500 for s in statuses), statuses
    assert MinutesVersion.objects.filter(minutes__meeting=meeting).count() == 1


@pytest.mark.django_db
def test_meeting_form_with_huge_and_invalid_values_writes_nothing():
    coordinator = f.coordinator(1)
    start = timezone.now() + datetime.timedelta(days=3)
    base = {
        "title": "Válida",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "America/Bogota",
        "modality": "virtual",
    }
    client = client_for(coordinator)
    url = reverse("mesas:meeting_create", kwargs={"slug": "mr1"})
    for bad in (
        {"title": HUGE},
        {"time_zone": "Mars/Base"},
        {"modality": "telepathy"},
        {"ends_at": base["starts_at"]},
        {"video_link": "javascript:alert(1)"},
        {"place": "p" * 5000},
    ):
        response = client.post(url, {**base, **bad})
        assert response.status_code == 400, bad
    assert not Meeting.objects.filter(title__in=["Válida", HUGE]).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_assignment_of_a_coordinator_makes_one_role(reference_data):
    from mecanismo.core.models import Role, RoleAssignment

    admin = User.objects.create(email="root@example.org", is_superuser=True, is_staff=True)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(admin, "JBSWY3DPEHPK3PXP")
    _member, person = f.member_in_mesa(1)
    mesa = Mesa.objects.get(number=1)
    statuses = []

    def assign(_i):
        response = client_for(admin).post(
            reverse("membership:coordinators"), {"email": person.email, "mesa": mesa.pk}
        )
        statuses.append(response.status_code)

    errors = _in_threads(4, assign)
    assert not errors, errors
    assert all(s < 500 for s in statuses), statuses
    roles = RoleAssignment.objects.filter(user=person, role=Role.COORDINATOR, mesa=mesa)
    assert roles.count() == 1


@pytest.mark.django_db
def test_junk_query_strings_on_list_pages_never_500():
    admin = User.objects.create(email="root@example.org", is_superuser=True, is_staff=True)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(admin, "JBSWY3DPEHPK3PXP")
    junk = (
        "?page=abc&mesa=%00&country=ZZ&actor_type=-1&subregion=<x>&q="
        + "%C3%B1" * 500
        + "&body=nope&month=2026-00&action=%27%22&kind=robot&step=..%2F"
    )
    urls = [
        reverse("membership:directory"),
        reverse("core:audit_log"),
        reverse("membership:coordinators"),
        reverse("membership:contact_requests"),
        reverse("membership:mesa_requests", kwargs={"slug": "mr1"}),
        reverse("membership:mesa_members", kwargs={"slug": "mr1"}),
        reverse("mesas:calendar"),
        reverse("mesas:body_detail", kwargs={"slug": "mr1"}),
        reverse("membership:register_step", kwargs={"step": "claim"}),
    ]
    for client in (client_for(), client_for(admin)):
        for url in urls:
            for query in (junk, "?page=99999999999999999999", "?page=-1&q=%00"):
                assert client.get(url + query).status_code < 500, url + query
