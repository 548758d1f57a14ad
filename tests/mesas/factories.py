"""Factories of the meetings tests: members in a mesa with their contact persons, meetings."""

import datetime

from django.utils import timezone

from mecanismo.core.models import ActorType, Country, Mesa
from membership.models import ContactPerson, ContactStatus, Member, MesaMembership
from mesas.models import Body, Invitation, Meeting
from tests.factories import UserFactory, make_coordinator


def member_in_mesa(mesa_number: int = 1, *, user=None, name: str | None = None):
    """An organisation with an approved membership of the mesa and one approved contact."""
    user = user or UserFactory()
    member = Member.objects.create(
        kind="organisation",
        name=name or f"Organización {user.pk}",
        actor_type=ActorType.objects.order_by("id").first(),
        country=Country.objects.get(code="MX"),
        listed_in_directory=True,
    )
    ContactPerson.objects.create(member=member, user=user, status=ContactStatus.APPROVED)
    MesaMembership.objects.create(
        member=member, mesa=Mesa.objects.get(number=mesa_number), status="approved"
    )
    return member, user


def coordinator(mesa_number: int = 1):
    user = UserFactory()
    make_coordinator(user, mesa_number)
    return user


def body(slug: str = "mr1") -> Body:
    return Body.objects.get(slug=slug)


def meeting(body_slug: str = "mr1", *, days: float = 10, hours: float = 2, **kwargs) -> Meeting:
    """A meeting created directly (past dates allowed, for attendance and minutes)."""
    start = timezone.now() + datetime.timedelta(days=days)
    defaults = {
        "title": "Reunión trimestral",
        "time_zone": "America/Bogota",
        "modality": "hybrid",
        "place": "Ciudad de Panamá",
        "video_link": "https://meet.example.org/mr1",
    }
    defaults.update(kwargs)
    return Meeting.objects.create(
        body=body(body_slug),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=hours),
        **defaults,
    )


def invite(meeting: Meeting, user, member=None, **kwargs) -> Invitation:
    return Invitation.objects.create(meeting=meeting, user=user, member=member, **kwargs)
