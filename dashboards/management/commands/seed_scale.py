"""`manage.py seed_scale [--scale 0.01]`: the §10 population on PostgreSQL, for the benchmarks
(make bench) and for trying the portal under load: 100,000 members, 150,000 users, 5,000 meetings,
1,000,000 invitations with their attendance, 50,000 inputs, times the scale fraction, and the
history the dashboards read (membership events, quarter summaries, disclosure releases).

Idempotent: every row it makes carries a marker (members' website, users' e-mail, meetings'
video link, inputs' text), each batch is one transaction, and a run starts where the rows with
the marker end, so a second run adds nothing and an interrupted run resumes. Refused when DEBUG
is off (the accounts are fake) and on SQLite (the rows go in with PostgreSQL COPY).
"""

from __future__ import annotations

import datetime
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from dashboards import services as dashboard_services
from dashboards.models import QuarterStat
from mecanismo.core.demo import enrol_totp
from mecanismo.core.models import ActorType, Agency, Country, Mesa, Role, RoleAssignment, User
from membership.models import (
    ContactPerson,
    ContactStatus,
    Member,
    MembershipStatus,
    MesaMembership,
    SelfDeclaration,
    normalise_name,
)
from mesas.models import Body, Input, InputStatus, Invitation, Meeting, MeetingStatus

TARGETS = {
    "members": 100_000,  # users: 1.5 per member (every other member has a second contact)
    "meetings": 5_000,
    "invitations": 1_000_000,
    "inputs": 50_000,
}
MARK = "https://scale.example.org"  # members' website, meetings' video link
EMAIL = "scale-{}@example.org"  # users (member index-contact number)
REFERENCE = "https://reference.example.org"  # the benchmarks' member account's organisation
INPUT_MARK = "Datos de escala"  # first words of an input's text
BATCH = 5_000
MEETING_BATCH = 250
HISTORY_DAYS = 3 * 365
ACCOUNTS = {
    "admin": "scale-admin@example.org",
    "staff": "scale-staff@example.org",
    "coordinator": "scale-coordinator@example.org",
    "member": "scale-member@example.org",
}
WORDS = "Asociación Red Colectivo Fundación Centro Casa Movimiento Alianza Observatorio".split()
PLACES = "Andina Caribeña Austral Mesoamericana Amazónica Fronteriza Costera Solidaria".split()
GENDERS = ["woman", "man", "woman", "man", "non_binary", "undisclosed", ""]


# At least this many meetings at any scale: spread over the same years, the coming months then
# hold more than two pages of the calendar at the small scale too, so the calendar's pages compare
# equal page sizes (fewer meetings would measure a shorter page, not the cost of the data).
MIN_MEETINGS = 800
# The first members have a pending request in the first mesa: its coordinators' queue holds more
# than two pages at any scale (about 3% of memberships are pending requests besides).
PENDING_FLOOR = 120


def targets(scale: float) -> dict[str, int]:
    out = {k: max(1, round(v * scale)) for k, v in TARGETS.items()}
    out["meetings"] = max(out["meetings"], MIN_MEETINGS)
    return out


class Command(BaseCommand):
    help = (
        "Build the §10 scale population (100,000 members… times --scale) for benchmarks. "
        "Idempotent; refused when DEBUG is off and on SQLite."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Fraction of the §10 targets (1 = 100,000 members; 0.01 = 1,000).",
        )

    def handle(self, *args, scale: float, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_scale is refused when DEBUG is off: it creates 150,000 fake accounts and "
                "must never run against the production database. Set DEBUG=1 on a development "
                "or benchmark machine."
            )
        if connection.vendor != "postgresql":
            raise CommandError(
                "seed_scale needs PostgreSQL (it loads rows with COPY); set DATABASE_URL to a "
                "PostgreSQL database."
            )
        if not 0 < scale <= 1:
            raise CommandError("--scale must be a fraction greater than 0 and at most 1.")
        self.now = timezone.now()
        self.want = targets(scale)
        self.countries = list(Country.objects.order_by("code"))
        self.actor_types = list(ActorType.objects.order_by("code"))
        self.mesas = list(Mesa.objects.order_by("number"))
        if not (self.countries and self.actor_types and self.mesas):
            raise CommandError("The reference data is missing: run `manage.py migrate` first.")
        started = time.monotonic()
        made = {
            "members": self.members(),
            "meetings": self.meetings(),
            "inputs": self.inputs(),
        }
        added = self.accounts() or any(made.values())
        if added or not QuarterStat.objects.exists():
            # A run that added nothing leaves the history as it is (the daily task refreshes it).
            self.step("membership history, quarter summaries, releases")
            dashboard_services.quarter_stats_refresh(now=self.now)
            dashboard_services.dashboard_releases_refresh(now=self.now)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        total = {
            "members": Member.objects.filter(website__startswith=MARK).count(),
            "users": User.objects.filter(email__startswith="scale-").count(),
            "meetings": Meeting.objects.filter(video_link__startswith=MARK).count(),
            "invitations": (
                Meeting.objects.filter(video_link__startswith=MARK).values("invitations").count()
            ),
            "inputs": Input.objects.filter(text__startswith=INPUT_MARK).count(),
        }
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data ready in {time.monotonic() - started:.0f} s "
                f"(added {made['members']} members, {made['meetings']} meetings, "
                f"{made['inputs']} inputs): " + ", ".join(f"{v:,} {k}" for k, v in total.items())
            )
        )

    def step(self, text: str) -> None:
        self.stdout.write(f"  {text}…")
        self.stdout.flush()

    # --- members, users, contacts, mesa memberships, self-declarations ------------------------

    def members(self) -> int:
        have = Member.objects.filter(website__startswith=MARK).count()
        want = self.want["members"]
        if have < want:
            self.step(f"members {have:,} → {want:,}")
        for lo in range(have, want, BATCH):
            self._member_batch(lo, min(lo + BATCH, want))
        return max(0, want - have)

    @transaction.atomic
    def _member_batch(self, lo: int, hi: int) -> None:
        rng = random.Random(f"members-{lo}")  # nosec B311
        members = []
        for i in range(lo, hi):
            name = f"{rng.choice(WORDS)} {rng.choice(PLACES)} {i:06d}"
            country = rng.choice(self.countries)
            individual = i % 10 == 9
            members.append(
                Member(
                    kind="individual" if individual else "organisation",
                    name=name,
                    name_normalised=normalise_name(name),
                    actor_type=rng.choice(self.actor_types),
                    country=country,
                    subregion=country.subregion,
                    works_local=rng.random() < 0.5,
                    works_national=rng.random() < 0.5,
                    listed_in_directory=rng.random() < 0.8,
                    description="Organización de la sociedad civil que acompaña a personas "
                    "migrantes.",
                    website=f"{MARK}/m/{i}",
                    created_at=self.now - datetime.timedelta(days=rng.randrange(HISTORY_DAYS)),
                )
            )
        members = Member.objects.bulk_create(members, batch_size=BATCH)
        users, owners = [], []
        for i, member in zip(range(lo, hi), members, strict=True):
            for k in range(2 if i % 2 == 0 and member.kind == "organisation" else 1):
                users.append(
                    User(
                        email=EMAIL.format(f"{i}-{k}"),
                        password="!",  # unusable: nobody logs in as a scale user  # nosec B106
                        full_name=f"Persona {i}-{k}",
                        date_joined=member.created_at,
                    )
                )
                owners.append(member)
        users = User.objects.bulk_create(users, batch_size=BATCH)
        ContactPerson.objects.bulk_create(
            [
                ContactPerson(
                    member=m,
                    user=u,
                    status=ContactStatus.APPROVED,
                    requested_at=m.created_at,
                    decided_at=m.created_at,
                )
                for m, u in zip(owners, users, strict=True)
            ],
            batch_size=BATCH,
        )
        declarations = [
            SelfDeclaration(
                user=u,
                gender=rng.choice(GENDERS),
                migrant_experience=rng.choice([True, False, None]),
                indigenous=rng.random() < 0.1,
                afro_descendant=rng.random() < 0.1,
                lgbtiq=rng.random() < 0.08,
                disability=rng.random() < 0.05,
                youth=rng.random() < 0.25,
            )
            for u in users
            if rng.random() < 0.7
        ]
        SelfDeclaration.objects.bulk_create(declarations, batch_size=BATCH)
        rows = []
        for i, member in zip(range(lo, hi), members, strict=True):
            chosen = rng.sample(self.mesas, rng.choice([1, 1, 2]))
            if i < PENDING_FLOOR and self.mesas[0] not in chosen:
                chosen.append(self.mesas[0])
            for mesa in chosen:
                joined = member.created_at + datetime.timedelta(days=rng.randrange(1, 30))
                fate = rng.random()
                if fate < 0.03 or (i < PENDING_FLOOR and mesa == self.mesas[0]):
                    rows.append(
                        MesaMembership(
                            member=member,
                            mesa=mesa,
                            status=MembershipStatus.PENDING,
                            requested_at=self.now - datetime.timedelta(days=rng.randrange(60)),
                            motivation="Queremos participar.",
                        )
                    )
                    continue
                left = None
                if fate < 0.08:
                    left = joined + datetime.timedelta(days=rng.randrange(30, 400))
                    left = left if left < self.now else None
                rows.append(
                    MesaMembership(
                        member=member,
                        mesa=mesa,
                        status=MembershipStatus.LEFT if left else MembershipStatus.APPROVED,
                        requested_at=member.created_at,
                        decided_at=min(joined, self.now),
                        left_at=left,
                    )
                )
        MesaMembership.objects.bulk_create(rows, batch_size=BATCH)

    # --- meetings and their invitations (COPY) --------------------------------------------------

    def meetings(self) -> int:
        have = Meeting.objects.filter(video_link__startswith=MARK).count()
        want = self.want["meetings"]
        if have >= want:
            return 0
        self.step(f"meetings {have:,} → {want:,}, {self.want['invitations']:,} invitations")
        self.people = list(
            ContactPerson.objects.filter(user__email__startswith="scale-")
            .order_by("user_id")
            .values_list("user_id", "member_id")
        )
        self.bodies = list(Body.objects.order_by("sort", "slug"))
        for lo in range(have, want, MEETING_BATCH):
            self._meeting_batch(lo, min(lo + MEETING_BATCH, want))
        return want - have

    @transaction.atomic
    def _meeting_batch(self, lo: int, hi: int) -> None:
        rng = random.Random(f"meetings-{lo}")  # nosec B311
        per_meeting = self.want["invitations"] // self.want["meetings"]
        extra = self.want["invitations"] % self.want["meetings"]
        span = HISTORY_DAYS + 180
        meetings = []
        for i in range(lo, hi):
            # Mesas hold most meetings; the other bodies some.
            body = self.bodies[i % len(self.bodies)] if i % 4 == 3 else None
            if body is None:
                mesa_bodies = [b for b in self.bodies if b.mesa_id] or self.bodies
                body = mesa_bodies[i % len(mesa_bodies)]
            starts = self.now - datetime.timedelta(
                days=HISTORY_DAYS - (i * span) // max(1, self.want["meetings"]),
                hours=rng.randrange(0, 8),
            )
            meetings.append(
                Meeting(
                    body=body,
                    title=f"Sesión {i + 1} de {body.slug.upper()}",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=2),
                    modality=rng.choice(["virtual", "hybrid", "in_person"]),
                    place="Ciudad de Panamá",
                    video_link=f"{MARK}/meeting/{i}",
                    description="Reunión ordinaria.",
                    status=MeetingStatus.CANCELLED if i % 50 == 49 else MeetingStatus.SCHEDULED,
                    created_at=starts - datetime.timedelta(days=30),
                )
            )
        meetings = Meeting.objects.bulk_create(meetings)
        with connection.cursor() as cursor:
            columns = "meeting_id, user_id, member_id, rsvp, rsvp_at, attendance, presence"
            with cursor.cursor.copy(f"COPY mesas_invitation ({columns}) FROM STDIN") as copy:
                for i, meeting in zip(range(lo, hi), meetings, strict=True):
                    count = min(len(self.people), per_meeting + (1 if i < extra else 0))
                    held = meeting.starts_at < self.now
                    for user_id, member_id in rng.sample(self.people, count):
                        rsvp = rng.choice(["in_person", "online", "not_attending", ""])
                        attendance = presence = ""
                        if held and meeting.status != MeetingStatus.CANCELLED:
                            attendance = rng.choices(
                                ["present", "absent", "excused"], weights=[70, 18, 12]
                            )[0]
                            if attendance == "present" and meeting.modality == "hybrid":
                                presence = rng.choice(["in_person", "online"])
                        copy.write_row(
                            (
                                meeting.pk,
                                user_id,
                                member_id,
                                rsvp,
                                meeting.created_at if rsvp else None,
                                attendance,
                                presence,
                            )
                        )

    # --- inputs ---------------------------------------------------------------------------------

    def inputs(self) -> int:
        have = Input.objects.filter(text__startswith=INPUT_MARK).count()
        want = self.want["inputs"]
        if have >= want:
            return 0
        self.step(f"inputs {have:,} → {want:,}")
        people = list(
            ContactPerson.objects.filter(user__email__startswith="scale-")
            .order_by("user_id")
            .values_list("user_id", "member_id")
        )
        bodies = list(Body.objects.order_by("sort", "slug"))
        for lo in range(have, want, BATCH):
            rng = random.Random(f"inputs-{lo}")  # nosec B311
            rows = []
            for i in range(lo, min(lo + BATCH, want)):
                user_id, member_id = rng.choice(people)
                text = f"{INPUT_MARK} {i}: propuesta sobre protección de personas migrantes."
                status = rng.choices(list(InputStatus.values), weights=[60, 30, 10])[0]
                rows.append(
                    Input(
                        body=bodies[i % len(bodies)],
                        submitted_by_id=user_id,
                        member_id=member_id,
                        title=f"Aporte {i + 1}",
                        text=text,
                        html=f"<p>{text}</p>",
                        may_publish=rng.random() < 0.5,
                        status=status,
                        created_at=self.now - datetime.timedelta(minutes=rng.randrange(1_500_000)),
                    )
                )
            with transaction.atomic():
                Input.objects.bulk_create(rows, batch_size=BATCH)
        return want - have

    def reference_member(self) -> bool:
        """The member account of the benchmarks: the same data at every scale (one organisation,
        a member of the first mesa, three inputs, invited to ten meetings of that mesa), so its
        pages compare the cost of the data around it, not of its own rows."""
        user, _ = User.objects.get_or_create(
            email=ACCOUNTS["member"],
            defaults={"password": "!", "full_name": "Persona de referencia"},  # nosec B105
        )
        contact = ContactPerson.objects.filter(user=user).select_related("member").first()
        if contact is not None:
            return
        country, actor_type = self.countries[0], self.actor_types[0]
        created = self.now - datetime.timedelta(days=400)
        member = Member.objects.create(
            kind="organisation",
            name="Organización de referencia",
            actor_type=actor_type,
            country=country,
            description="La organización de las mediciones.",
            website=REFERENCE,
            listed_in_directory=True,
            created_at=created,
        )
        ContactPerson.objects.bulk_create(
            [ContactPerson(member=member, user=user, requested_at=created, decided_at=created)]
        )
        MesaMembership.objects.bulk_create(  # no signal: the history is backfilled after
            [
                MesaMembership(
                    member=member,
                    mesa=self.mesas[0],
                    status=MembershipStatus.APPROVED,
                    requested_at=created,
                    decided_at=created,
                )
            ]
        )
        body = Body.objects.get(mesa=self.mesas[0])
        Input.objects.bulk_create(
            Input(
                body=body,
                submitted_by=user,
                member=member,
                title=f"Aporte de referencia {i + 1}",
                text="Aporte de la organización de referencia.",
                html="<p>Aporte de la organización de referencia.</p>",
                status=InputStatus.ACKNOWLEDGED if i else InputStatus.RECEIVED,
                created_at=created + datetime.timedelta(days=i),
            )
            for i in range(3)
        )
        meetings = Meeting.objects.filter(body=body, video_link__startswith=MARK)
        past = meetings.filter(starts_at__lt=self.now).order_by("-starts_at")[:5]
        upcoming = meetings.filter(starts_at__gte=self.now).order_by("starts_at")[:5]
        Invitation.objects.bulk_create(
            [
                Invitation(
                    meeting=m,
                    user=user,
                    member=member,
                    rsvp="online",
                    attendance="present" if m.starts_at < self.now else "",
                )
                for m in [*past, *upcoming]
            ],
            ignore_conflicts=True,
        )
        return True

    # --- the accounts the benchmarks log in with ------------------------------------------------

    def accounts(self) -> bool:
        """The accounts the benchmarks log in with; True when the reference member was made."""
        admin, _ = User.objects.get_or_create(
            email=ACCOUNTS["admin"],
            defaults={"password": "!", "full_name": "Admin (escala)", "is_staff": True},  # nosec B105
        )
        if not admin.is_superuser:
            admin.is_superuser = admin.is_staff = True
            admin.save(update_fields=["is_superuser", "is_staff"])
        enrol_totp(admin)
        made = self.reference_member()
        staff, _ = User.objects.get_or_create(
            email=ACCOUNTS["staff"],
            defaults={"password": "!", "full_name": "GT-SC (escala)"},  # nosec B105
        )
        RoleAssignment.objects.get_or_create(
            user=staff,
            role=Role.GTSC_STAFF,
            mesa=None,
            ends_on=None,
            defaults={"agency": Agency.objects.order_by("code").first()},
        )
        enrol_totp(staff)  # GT-SC staff reach no page without MFA
        coordinator, _ = User.objects.get_or_create(
            email=ACCOUNTS["coordinator"],
            defaults={"password": "!", "full_name": "Coordinación (escala)"},  # nosec B105
        )
        RoleAssignment.objects.get_or_create(
            user=coordinator, role=Role.COORDINATOR, mesa=self.mesas[0], ends_on=None
        )
        return made
