"""Coordinators hear of new mesa membership requests (§3): one e-mail per request and
coordinator of THAT mesa, through the outbox, in the coordinator's language, with the link to the
requests page."""

import pytest
from django.core import mail

from mecanismo.core.models import Mesa
from mecanismo.outbox.models import OutboxMessage
from membership import services
from tests.factories import UserFactory, make_coordinator
from tests.membership.factories import member_with_contact

pytestmark = pytest.mark.django_db


def test_each_coordinator_of_the_mesa_gets_one_email_per_request_in_their_language(
    client, django_capture_on_commit_callbacks
):
    member, user = member_with_contact(name="Red de Mujeres Migrantes")
    coord_fr = UserFactory(language="fr", email="coord-fr@example.org")
    coord_es = UserFactory(language="es", email="coord-es@example.org")
    coord_mr2 = UserFactory(language="es", email="coord-mr2@example.org")
    make_coordinator(coord_fr, 1)
    make_coordinator(coord_es, 1)
    make_coordinator(coord_mr2, 2)
    client.force_login(user)
    mesas = Mesa.objects.filter(number__in=[1, 3]).order_by("number")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/es/my-mesas/", {"mesas": [m.pk for m in mesas], "motivation": "Red"})
    assert r.status_code == 302
    by_rcpt = {}
    for message in mail.outbox:
        by_rcpt.setdefault(message.to[0], []).append(message)
    assert set(by_rcpt) == {"coord-fr@example.org", "coord-es@example.org"}
    assert all(len(v) == 1 for v in by_rcpt.values())
    fr = by_rcpt["coord-fr@example.org"][0]
    assert "Red de Mujeres Migrantes" in fr.subject and "Nouvelle demande" in fr.subject
    assert "https://portal.example.org/fr/coordination/mr1/requests/" in fr.body
    es = by_rcpt["coord-es@example.org"][0]
    assert "Nueva solicitud" in es.subject
    assert "https://portal.example.org/es/coordination/mr1/requests/" in es.body
    rows = OutboxMessage.objects.filter(template="membership/email/request_received")
    assert {r.category for r in rows} == {"coordinator_reminders"}
    assert {r.language for r in rows} == {"fr", "es"}


def test_the_notice_is_keyed_per_request_and_coordinator():
    member, user = member_with_contact()
    coord = UserFactory()
    make_coordinator(coord, 1)
    [row] = services.mesa_membership_request(
        actor=user, member=member, mesas=Mesa.objects.filter(number=1)
    )
    key = f"membership:request:{row.pk}:coordinator:user:{coord.pk}"
    assert OutboxMessage.objects.filter(key=key).count() == 1
    services.mesa_membership_leave(actor=user, membership_id=row.pk)
    [again] = services.mesa_membership_request(
        actor=user, member=member, mesas=Mesa.objects.filter(number=1)
    )
    assert OutboxMessage.objects.filter(template="membership/email/request_received").count() == 2
    assert OutboxMessage.objects.filter(
        key=f"membership:request:{again.pk}:coordinator:user:{coord.pk}"
    ).exists()
