"""The data the authorisation matrix runs on: one user per role and the objects their rows name,
built once per test module in autocommit (no test transaction). Rows that consume an object in a
POST call a `fresh_*` helper inside their `kwargs`, so every request gets its own."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.base import ContentFile
from django.utils import timezone

from mecanismo.core.models import (
    Agency,
    Mesa,
    PrivacyConsent,
    PrivacyNotice,
    Role,
    RoleAssignment,
    User,
)
from mecanismo.documents.models import Document
from membership.models import ContactPerson, ContactStatus, Member, MesaMembership
from mesas import services as mesa_services
from mesas.demo import DEMO_PDF
from mesas.models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    AgendaProposal,
    Body,
    Meeting,
    Minutes,
    MinutesStatus,
)
from tests.factories import UserFactory, make_linking_table_member

from . import authz as a

TOTP_SECRET = "JBSWY3DPEHPK3PXP"
_counter = itertools.count(1)


@dataclass
class World:
    users: dict[str, User | None] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    # ---------------------------------------------------------------- fresh objects for POSTs

    def fresh_member(self, mesa_number: int | None = 1, *, listed=True) -> tuple[Member, User]:
        n = next(_counter)
        user = _user(f"authz-extra{n}")
        member = Member.objects.create(
            kind="organisation",
            name=f"Organización de prueba {n}",
            actor_type_id=self.member.actor_type_id,
            country_id=self.member.country_id,
            listed_in_directory=listed,
        )
        ContactPerson.objects.create(member=member, user=user, status=ContactStatus.APPROVED)
        if mesa_number:
            MesaMembership.objects.create(
                member=member, mesa=Mesa.objects.get(number=mesa_number), status="approved"
            )
        return member, user

    def fresh_pending_request(self, mesa_number: int) -> MesaMembership:
        member, user = self.fresh_member(None)
        return MesaMembership.objects.create(
            member=member, mesa=Mesa.objects.get(number=mesa_number), requested_by=user
        )

    def fresh_contact_request(self, member: Member) -> ContactPerson:
        user = _user(f"authz-claim{next(_counter)}")
        return ContactPerson.objects.create(member=member, user=user, status=ContactStatus.PENDING)

    def fresh_item(self, meeting: Meeting) -> AgendaItem:
        return AgendaItem.objects.create(
            meeting=meeting, title=f"Punto {next(_counter)}", position=next(_counter)
        )

    def fresh_proposal(self, meeting: Meeting) -> AgendaProposal:
        return AgendaProposal.objects.create(
            meeting=meeting,
            proposed_by=self.users[a.MEMBER],
            member=self.member,
            title=f"Propuesta {next(_counter)}",
        )

    def fresh_meeting(self, body_slug="mr1", *, days=10, **kwargs) -> Meeting:
        meeting = _meeting(body_slug, days=days, **kwargs)
        mesa_services.invitations_sync(meeting=meeting)
        return meeting

    def fresh_coordinator_role(self, mesa_number: int) -> RoleAssignment:
        user = _user(f"authz-coord{next(_counter)}")
        return RoleAssignment.objects.create(
            user=user, role=Role.COORDINATOR, mesa=Mesa.objects.get(number=mesa_number)
        )

    def calendar_token(self, role: str) -> str:
        return mesa_services.calendar_token_for(user=self.users[role]).token

    def fresh_plain_user(self) -> User:
        return _user(f"authz-plain{next(_counter)}")

    def double(self, role: str) -> User | None:
        """A new user holding the same role as `role`'s user (for POSTs that delete accounts)."""
        if role == a.VISITOR:
            return None
        n = next(_counter)
        if role in (a.MEMBER, a.OTHER_MEMBER):
            return self.fresh_member(1)[1]
        if role == a.ADMIN:
            user = _user(f"authz-admin{n}", is_staff=True, is_superuser=True)
        elif role == a.LINKING:
            user = _user(f"authz-double{n}")
            make_linking_table_member(user)
        else:
            user = _user(f"authz-double{n}")
            original = RoleAssignment.objects.get(user=self.users[role])
            RoleAssignment.objects.create(
                user=user, role=original.role, mesa=original.mesa, agency=original.agency
            )
        if role in (a.GTSC, a.ADMIN):
            TOTP.activate(user, TOTP_SECRET)
            RecoveryCodes.activate(user)
        return user

    def fresh_membership_of(self, role: str) -> MesaMembership:
        """A second mesa membership of the role's own member (to leave it)."""
        member = self.member if role != a.OTHER_MEMBER else self.other
        mesa = Mesa.objects.get(number=4)
        row, _ = MesaMembership.objects.get_or_create(
            member=member, mesa=mesa, status="approved", defaults={}
        )
        return row


def _user(prefix: str, **extra) -> User:
    user = UserFactory(email=f"{prefix}@authz.example.org", **extra)
    notice = PrivacyNotice.current()
    if notice is not None:
        PrivacyConsent.objects.get_or_create(user=user, notice=notice)
    return user


def _meeting(body_slug: str, *, days: float, **kwargs) -> Meeting:
    start = timezone.now() + datetime.timedelta(days=days)
    defaults = {
        "title": f"Reunión {next(_counter)}",
        "time_zone": "America/Bogota",
        "modality": "hybrid",
        "place": "Ciudad de Panamá",
        "video_link": "https://meet.example.org/x",
        "is_public": True,
    }
    defaults.update(kwargs)
    return Meeting.objects.create(
        body=Body.objects.get(slug=body_slug),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        **defaults,
    )


def build() -> World:
    w = World()
    users = w.users
    users[a.VISITOR] = None
    users[a.MEMBER] = _user("authz-member")
    users[a.OTHER_MEMBER] = _user("authz-other")
    users[a.COORD1] = _user("authz-coord1")
    users[a.COORD2] = _user("authz-coord2")
    users[a.LINKING] = _user("authz-linking")
    users[a.GTSC] = _user("authz-gtsc")
    users[a.ADMIN] = _user("authz-admin", is_staff=True, is_superuser=True)
    mesa = {m.number: m for m in Mesa.objects.all()}
    RoleAssignment.objects.create(user=users[a.COORD1], role=Role.COORDINATOR, mesa=mesa[1])
    RoleAssignment.objects.create(user=users[a.COORD2], role=Role.COORDINATOR, mesa=mesa[2])
    # The linking table follows the mandates (§5): this role holds MR 4's seat 2.
    make_linking_table_member(users[a.LINKING], seat_code="mr4-2")
    RoleAssignment.objects.create(
        user=users[a.GTSC], role=Role.GTSC_STAFF, agency=Agency.objects.get(code="iom")
    )
    for role in (a.GTSC, a.ADMIN):
        TOTP.activate(users[role], TOTP_SECRET)
        RecoveryCodes.activate(users[role])

    o = w.objects
    first_actor = Member._meta.get_field("actor_type").related_model.objects.order_by("id").first()
    country = Member._meta.get_field("country").related_model.objects.get(code="MX")
    for key, role, name, listed in (
        ("member", a.MEMBER, "Organización Alfa", True),
        ("other", a.OTHER_MEMBER, "Organización Beta", False),
    ):
        member = Member.objects.create(
            kind="organisation",
            name=name,
            actor_type=first_actor,
            country=country,
            listed_in_directory=listed,
        )
        ContactPerson.objects.create(member=member, user=users[role], status=ContactStatus.APPROVED)
        MesaMembership.objects.create(member=member, mesa=mesa[1], status="approved")
        o[key] = member

    # Meetings of MR 1: upcoming public, upcoming private, past with circulated minutes, past
    # with approved minutes (public PDF) and a private past one with approved minutes.
    o["meeting"] = w.fresh_meeting("mr1", days=10)
    o["private_meeting"] = w.fresh_meeting("mr1", days=12, is_public=False)
    o["past_meeting"] = w.fresh_meeting("mr1", days=-10)
    o["mr2_meeting"] = w.fresh_meeting("mr2", days=10)
    o["linking_meeting"] = w.fresh_meeting("linking-table", days=10)
    o["item"] = w.fresh_item(o["meeting"])
    o["proposal"] = w.fresh_proposal(o["meeting"])
    coordinator = users[a.COORD1]
    Minutes.objects.create(
        meeting=o["past_meeting"], status=MinutesStatus.CIRCULATED, text="Acta", html="<p>Acta</p>"
    )
    o["approved_meeting"] = w.fresh_meeting("mr1", days=-20)
    Minutes.objects.create(
        meeting=o["approved_meeting"],
        status=MinutesStatus.CIRCULATED,
        text="Acta aprobada",
        html="<p>Acta aprobada</p>",
    )
    o["version"] = mesa_services.minutes_approve(actor=coordinator, meeting=o["approved_meeting"])
    o["action_item"] = ActionItem.objects.create(
        meeting=o["past_meeting"],
        body=o["past_meeting"].body,
        text="Enviar el informe",
        owner=users[a.MEMBER],
    )
    o["coordinator_role"] = RoleAssignment.objects.get(user=coordinator, role=Role.COORDINATOR)
    o["own_contact"] = ContactPerson.objects.get(user=users[a.MEMBER])
    o["mesa1"], o["mesa2"], o["mesa3"] = mesa[1], mesa[2], mesa[3]
    o["notice"] = PrivacyNotice.current()
    o["agenda_document"] = AgendaDocument.objects.create(
        item=o["item"],
        title="Nota conceptual",
        file=ContentFile(DEMO_PDF, name="nota.pdf"),
        kind="pdf",
        size=len(DEMO_PDF),
        uploaded_by=coordinator,
    )
    o["public_pdf"] = Document.objects.get(pk=o["version"].document_id)
    private_past = w.fresh_meeting("mr1", days=-30, is_public=False)
    Minutes.objects.create(
        meeting=private_past, status=MinutesStatus.CIRCULATED, text="Acta", html="<p>Acta</p>"
    )
    version = mesa_services.minutes_approve(actor=coordinator, meeting=private_past)
    o["private_pdf"] = Document.objects.get(pk=version.document_id)
    return w
