"""Privacy (§9): sensitive answers never leave the person; e-mail addresses never reach public
pages, feeds or documents; the audit log records that something changed, never the values."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse

from mecanismo.core.models import AuditLog
from membership.models import SelfDeclaration
from mesas import documents as mesas_documents
from mesas.models import ActionItem, AgendaProposal, Minutes, MinutesVersion
from tests.factories import UserFactory
from tests.mesas import factories as f

from .conftest import client_for

pytestmark = pytest.mark.django_db

SENSITIVE = ("gender", "migrant_experience", "indigenous", "afro_descendant", "lgbtiq")
# Modules allowed to read the sensitive answers: the person's own pages and export, and the
# services that write or erase them, and the one aggregate module (cells under 5 suppressed).
ALLOWED_READERS = {
    "membership/aggregates.py",  # counts only, with the "<5" rule (tests/membership)
    "membership/models.py",
    "membership/forms.py",
    "membership/services/registration.py",  # writes and erases the person's own answers
    "membership/services/my_data.py",  # the person's own export and erasure
    "membership/views/my_data.py",  # my_answers: the person's own answers only
    "membership/templates/membership/my_answers.html",
    "mecanismo/core/audit.py",  # only the label of the "self_declaration.erased" action code
    # Writes made-up answers for the fake scale population (refused without DEBUG); reads none.
    "dashboards/management/commands/seed_scale.py",
}


def _nameless_member_in_mesa():
    member, user = f.member_in_mesa(1)
    user.full_name = ""
    user.save(update_fields=["full_name"])
    return member, user


def test_no_code_outside_the_allow_list_reads_self_declarations():
    """A regression guard: a new template, export, feed or admin that touches the model fails
    here and must be reviewed (aggregates must suppress cells under 5)."""
    base = Path(settings.BASE_DIR)
    pattern = re.compile(
        r"SelfDeclaration|self_declaration(\.|__)|\.migrant_experience|\.afro_descendant"
    )
    offenders = []
    for path in base.rglob("*"):
        rel = path.relative_to(base).as_posix()
        if (
            path.suffix not in {".py", ".html", ".txt", ".ics"}
            or rel.startswith((".venv/", "tests/", "staticfiles/", "node_modules/"))
            or "/migrations/" in rel
            or rel in ALLOWED_READERS
        ):
            continue
        if pattern.search(path.read_text(errors="ignore")):
            offenders.append(rel)
    assert not offenders, f"Review these readers of sensitive data: {offenders}"


def test_self_declarations_are_not_in_the_admin():
    assert SelfDeclaration not in admin.site._registry
    user_admin = admin.site._registry[type(UserFactory.build())]
    assert not getattr(user_admin, "inlines", [])


def test_public_action_items_never_show_an_owner_email():
    member, user = _nameless_member_in_mesa()
    meeting = f.meeting("mr1", days=-1)
    ActionItem.objects.create(meeting=meeting, body_id=meeting.body_id, text="Tarea", owner=user)
    anon = client_for()
    for url in (
        reverse("mesas:meeting_detail", kwargs={"pk": meeting.pk}),
        reverse("mesas:body_detail", kwargs={"slug": "mr1"}),
    ):
        body = anon.get(url).content.decode()
        assert "Tarea" in body
        assert user.email not in body, url


def test_public_minutes_pdf_never_shows_an_email():
    member, user = _nameless_member_in_mesa()
    meeting = f.meeting("mr1", days=-1)
    f.invite(meeting, user, member, attendance="present")
    ActionItem.objects.create(meeting=meeting, body_id=meeting.body_id, text="Tarea", owner=user)
    minutes = Minutes.objects.create(meeting=meeting, status="approved", text="x", html="<p>x</p>")
    version = MinutesVersion.objects.create(minutes=minutes, number=1, text="x", html="<p>x</p>")
    template, context = mesas_documents.minutes_pdf({"minutes_version_id": version.pk})
    html = render_to_string(template, context)
    assert member.name in html  # attendance by member is there…
    assert user.email not in html  # …but never the person's address


def test_accepted_proposal_presenter_is_never_an_email():
    coordinator = f.coordinator(1)
    proposer = UserFactory(full_name="")
    meeting = f.meeting("mr1", days=10)
    f.invite(meeting, proposer)
    proposal = AgendaProposal.objects.create(meeting=meeting, proposed_by=proposer, title="Tema")
    response = client_for(coordinator).post(
        reverse("mesas:proposal_accept", kwargs={"pk": proposal.pk})
    )
    assert response.status_code == 302
    item = meeting.agenda_items.get()
    assert proposer.email not in item.presenter
    page = client_for().get(meeting.get_absolute_url()).content.decode()
    assert proposer.email not in page


def test_public_directory_and_feeds_show_no_emails():
    member, user = f.member_in_mesa(1)
    meeting = f.meeting("mr1", days=5)
    f.invite(meeting, user, member, rsvp="online")
    anon = client_for()
    for url in (
        reverse("membership:directory"),
        reverse("membership:directory") + f"?q={member.name}",
        reverse("membership:member_detail", kwargs={"pk": member.pk}),
        reverse("mesas:detail", kwargs={"slug": "mr1"}),
        reverse("mesas:feed_body", kwargs={"slug": "mr1"}),
        reverse("mesas:meeting_ics", kwargs={"pk": meeting.pk}),
        reverse("mesas:meeting_detail", kwargs={"pk": meeting.pk}),
        reverse("mesas:calendar"),
    ):
        response = anon.get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert user.email.encode() not in content, url
        assert b"meet.example.org" not in content, url  # the video link is for invitees


def test_audit_log_never_stores_sensitive_values():
    member, user = f.member_in_mesa(1)
    client = client_for(user)
    answers = {
        "gender": "woman",
        "migrant_experience": "yes",
        "indigenous": "on",
        "afro_descendant": "on",
        "lgbtiq": "on",
        "disability": "on",
        "youth": "on",
    }
    response = client.post(reverse("membership:my_answers"), answers)
    assert response.status_code == 302
    assert SelfDeclaration.objects.get(user=user).gender == "woman"
    client.post(reverse("membership:my_data_export"))
    client.post(reverse("membership:my_answers"), {"erase": "1"})
    assert not SelfDeclaration.objects.filter(user=user).exists()
    entries = list(AuditLog.objects.values("action", "data", "target_repr"))
    dumped = json.dumps(entries)
    assert entries
    for field in SENSITIVE:
        assert field not in dumped
    assert "woman" not in dumped


def test_my_answers_show_only_ones_own():
    _m1, u1 = f.member_in_mesa(1)
    _m2, u2 = f.member_in_mesa(1)
    SelfDeclaration.objects.create(user=u1, gender="non_binary", lgbtiq=True)
    body = client_for(u2).get(reverse("membership:my_answers")).content.decode()
    assert 'value="non_binary" checked' not in body and 'value="non_binary" selected' not in body
    export = client_for(u2).post(reverse("membership:my_data_export")).json()
    assert export["self_declaration"] is None


def test_coordinator_contact_emails_only_for_their_own_mesa():
    _m1, u1 = f.member_in_mesa(1)
    coord2 = f.coordinator(2)
    for url in (
        reverse("mesas:detail", kwargs={"slug": "mr1"}),
        reverse("membership:directory") + "?mesa=mr1",
    ):
        assert u1.email not in client_for(coord2).get(url).content.decode()


def test_minutes_comments_show_other_invitees_no_email():
    member, author = _nameless_member_in_mesa()
    _m2, reader = f.member_in_mesa(1)
    meeting = f.meeting("mr1", days=-1)
    f.invite(meeting, author, member)
    f.invite(meeting, reader)
    minutes = Minutes.objects.create(meeting=meeting, status="circulated", text="x", html="<p>")
    minutes.comments.create(author=author, text="Comentario")
    body = client_for(reader).get(reverse("mesas:minutes", kwargs={"pk": meeting.pk}))
    assert "Comentario" in body.content.decode()
    assert author.email not in body.content.decode()


def test_public_minutes_pdf_counts_but_does_not_name_unlisted_individuals():
    from mecanismo.core.models import ActorType, Country, Mesa
    from membership.models import ContactPerson, Member, MesaMembership

    person = UserFactory(full_name="Rosa Migrante Sinpapeles")
    member = Member.objects.create(
        kind="individual",
        name="Rosa Migrante Sinpapeles",
        actor_type=ActorType.objects.order_by("id").first(),
        country=Country.objects.get(code="MX"),
        listed_in_directory=False,
    )
    ContactPerson.objects.create(member=member, user=person, status="approved")
    MesaMembership.objects.create(member=member, mesa=Mesa.objects.get(number=1), status="approved")
    listed, listed_user = f.member_in_mesa(1, name="Red Visible")
    meeting = f.meeting("mr1", days=-1)
    f.invite(meeting, person, member, attendance="present")
    f.invite(meeting, listed_user, listed, attendance="present")
    minutes = Minutes.objects.create(meeting=meeting, status="approved", text="x", html="<p>x</p>")
    version = MinutesVersion.objects.create(minutes=minutes, number=1, text="x", html="<p>x</p>")
    template, context = mesas_documents.minutes_pdf({"minutes_version_id": version.pk})
    html = render_to_string(template, context)
    assert "Red Visible" in html
    assert "Sinpapeles" not in html
    assert html.count("Presente") >= 2 or html.count("Present") >= 2


def test_deleting_an_account_leaves_no_name_or_address_in_the_outbox_or_audit_log(
    django_capture_on_commit_callbacks,
):
    """§9: deleting one's account anonymises the person everywhere the portal keeps text about
    them, including e-mails already queued or sent and the audit log's target labels."""
    from mecanismo.core.models import ActorType, Country
    from mecanismo.outbox.models import OutboxMessage
    from membership import services as membership_services

    person = UserFactory(full_name="Rosa Migrante Sinpapeles")
    person.set_password("Correct-horse-2026")
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        member = membership_services.member_register(
            user=person,
            kind="individual",
            name="Rosa Migrante Sinpapeles",
            actor_type=ActorType.objects.get(code="migrant_person"),
            country=Country.objects.get(code="MX"),
        )
        coordinator = f.coordinator(1)
        rows = membership_services.mesa_membership_request(
            actor=person, member=member, mesas=[f.body("mr1").mesa]
        )
        membership_services.mesa_membership_decide(
            actor=coordinator, membership_id=rows[0].pk, mesa=rows[0].mesa, approve=True
        )
        membership_services.my_data_export(user=person)
    email = person.email
    assert OutboxMessage.objects.filter(to=email).exists()
    # Someone else whose name merely contains hers keeps theirs.
    other = OutboxMessage.objects.create(
        key="test:other",
        to="x@example.org",
        template="t",
        category="account",
        context={"member_name": "Rosa Migrante Sinpapeles Díaz"},
    )
    membership_services.account_delete(user=person)
    other.refresh_from_db()
    assert other.context == {"member_name": "Rosa Migrante Sinpapeles Díaz"}
    other.delete()

    def dump(qs):
        return json.dumps([list(r) for r in qs], default=str)

    outbox = dump(OutboxMessage.objects.values_list("to", "context", "last_error"))
    audit = dump(AuditLog.objects.values_list("target_repr", "data"))
    for text in (email, "Sinpapeles"):
        assert text not in outbox, text
        assert text not in audit, text
    assert not OutboxMessage.objects.filter(user_id=person.pk, status="pending").exists()
