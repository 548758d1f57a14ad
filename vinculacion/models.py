"""The linking table ("mesa de vinculación", §5): its ten seats, the elections of the mesas'
representatives (candidacies, the electorate frozen at nominations close, the record of who
voted and, stored apart, the anonymous ballots), mandates over time, seat offers after a
step-down, and the GT-SC's designation of the two UN-agency seats.

Secrecy (§5, README "Elections"): `VoteRecord` (who voted) and `Ballot` (what was chosen) share
only the election. Neither has a timestamp or a sequential id (random UUIDs); the ballots of an
election are rewritten in a random order when voting closes (services.voting_close)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import ActorType, Agency, Mesa, Subregion
from membership.models import Member


class SeatKind(models.TextChoices):
    MESA = "mesa", _("Elected by a mesa")
    AGENCY = "agency", _("UN agency of the GT-SC")


class Seat(models.Model):
    """One of the ten seats: seat 1 and seat 2 of each mesa, and two UN-agency seats. Reference
    data (migration 0002, `load`)."""

    code = models.SlugField(_("code"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=SeatKind.choices)
    mesa = models.ForeignKey(
        Mesa, on_delete=models.PROTECT, null=True, blank=True, related_name="seats"
    )
    number = models.PositiveSmallIntegerField(_("seat"))
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["sort"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "mesa", "number"], name="one_seat_per_number"),
            models.CheckConstraint(
                condition=Q(kind="agency", mesa__isnull=True) | Q(kind="mesa", mesa__isnull=False),
                name="mesa_seat_has_mesa",
            ),
        ]

    def __str__(self):
        if self.kind == SeatKind.AGENCY:
            return _("UN-agency seat %(n)s") % {"n": self.number}
        return _("%(mesa)s, seat %(n)s") % {"mesa": self.mesa.short_name, "n": self.number}


class ElectionState(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    NOMINATIONS = "nominations", _("Nominations open")
    VOTING = "voting", _("Voting open")
    COUNTED = "counted", _("Counted")
    PUBLISHED = "published", _("Results published")


class Election(models.Model):
    """An election of a mesa's representatives (§5): both seats, or one for a by-election.
    Windows are [open, close) in UTC. `result` holds the output of `tally.tally` once counted."""

    mesa = models.ForeignKey(
        Mesa, on_delete=models.PROTECT, related_name="elections", verbose_name=_("mesa")
    )
    by_election_seat = models.ForeignKey(
        Seat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="by_elections",
        verbose_name=_("by-election for seat"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    nominations_open_at = models.DateTimeField(_("nominations open"))
    nominations_close_at = models.DateTimeField(_("nominations close"))
    voting_open_at = models.DateTimeField(_("voting opens"))
    voting_close_at = models.DateTimeField(_("voting closes"))
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"))
    state = models.CharField(
        _("state"), max_length=16, choices=ElectionState.choices, default=ElectionState.ANNOUNCED
    )
    electorate_frozen_at = models.DateTimeField(null=True, blank=True)
    ballots_shuffled_at = models.DateTimeField(null=True, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-voting_close_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nominations_close_at__gt=models.F("nominations_open_at"))
                & Q(voting_open_at__gte=models.F("nominations_close_at"))
                & Q(voting_close_at__gt=models.F("voting_open_at"))
                & Q(term_ends_on__gt=models.F("term_starts_on")),
                name="election_windows_in_order",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("vinculacion:election_detail", kwargs={"pk": self.pk})

    @property
    def awaiting_voting(self) -> bool:
        """Nominations closed (electorate frozen), voting not open yet."""
        return self.state == ElectionState.NOMINATIONS and self.electorate_frozen_at is not None

    @property
    def seat_count(self) -> int:
        return 1 if self.by_election_seat_id else 2


class ParityGender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")


class CandidacyStatus(models.TextChoices):
    STANDING = "standing", _("Standing")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# What a candidate fills in (all public): the form's fields and what `candidacy_stand` accepts.
CANDIDACY_FIELDS = (
    "display_name",
    "parity_gender",
    "network_ties",
    "advocacy_local",
    "advocacy_national",
    "advocacy_regional",
    "coordination_capacity",
    "time_available",
    "subregion",
    "sector",
)


class Candidacy(models.Model):
    """A person standing in an election with the selection criteria of §5, all public by the
    candidate's own statement. The gender used for parity is declared here, for this purpose,
    and is unrelated to the private self-declared answers of §3."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="candidacies", verbose_name=_("election")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="candidacies"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="candidacies")
    display_name = models.CharField(_("name on the ballot"), max_length=200)
    parity_gender = models.CharField(
        _("gender for parity"), max_length=16, choices=ParityGender.choices
    )
    network_ties = models.TextField(_("organisations, groups or networks you are linked to"))
    advocacy_local = models.BooleanField(_("advocacy experience at local level"), default=False)
    advocacy_national = models.BooleanField(
        _("advocacy experience at national level"), default=False
    )
    advocacy_regional = models.BooleanField(
        _("advocacy experience at regional level"), default=False
    )
    coordination_capacity = models.TextField(
        _("capacity to coordinate positions with other organisations and networks")
    )
    time_available = models.CharField(_("time available for voluntary work"), max_length=200)
    subregion = models.CharField(_("subregion"), max_length=32, choices=Subregion.choices)
    sector = models.ForeignKey(
        ActorType, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector")
    )
    status = models.CharField(
        max_length=16, choices=CandidacyStatus.choices, default=CandidacyStatus.STANDING
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["display_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "user"], name="one_candidacy_per_person")
        ]

    def __str__(self):
        return self.display_name


class ElectorateEntry(models.Model):
    """A member entitled to one ballot, written when nominations close (§5: the electorate is
    frozen then). Its row is the lock `ballot_cast` takes."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="electorate")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("electorate entry")
        verbose_name_plural = _("electorate")
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="one_entry_per_member")
        ]

    def __str__(self):
        return f"{self.election_id}:{self.member_id}"


class VoteRecord(models.Model):
    """That a member voted in an election — not what it chose, nor when. Unique per member."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="vote_records")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("vote record")
        verbose_name_plural = _("vote records")
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="one_vote_per_member")
        ]

    def __str__(self):
        return f"{self.election_id}:{self.member_id}"


class Ballot(models.Model):
    """An anonymous ballot: random id, the SHA-256 fingerprint of the voter's tracker and the
    approved candidacy ids (sorted; empty = blank). Nothing here names the voter or the time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    fingerprint = models.CharField(max_length=64, unique=True)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return self.fingerprint[:12]


class MandateEnd(models.TextChoices):
    SERVED = "served", _("Served")
    STEPPED_DOWN = "stepped_down", _("Stepped down")
    REPLACED = "replaced", _("Replaced")


class Mandate(models.Model):
    """A seat held from `starts_on` (included) to `ends_on` (excluded; start + 1 year for a full
    term, the step-down date when it ends early). Elected seats name the person, member and
    candidacy; agency seats the agency (and the delegate, if known). At most one mandate per seat
    on any day: a PostgreSQL exclusion constraint over the date range (migration 0003), plus a
    portable unique start per seat."""

    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="mandates")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates"
    )
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates"
    )
    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.PROTECT, null=True, blank=True, related_name="mandates"
    )
    designation = models.ForeignKey(
        "AgencyDesignation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    term_number = models.PositiveSmallIntegerField(_("consecutive term"), default=1)
    ended_how = models.CharField(
        _("how it ended"), max_length=16, choices=MandateEnd.choices, blank=True
    )

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["seat__sort", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="mandate_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["seat", "starts_on"], name="one_mandate_per_seat_start"
            ),
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | Q(user__isnull=False),
                name="mandate_has_holder",
            ),
        ]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="mandate_dates")]

    def __str__(self):
        return f"{self.seat} · {self.holder_name}"

    @property
    def holder_name(self) -> str:
        if self.candidacy_id:
            return self.candidacy.display_name
        if self.agency_id:
            return str(self.agency)
        return str(self.user)

    def is_current(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.starts_on <= day < self.ends_on


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class SeatOffer(models.Model):
    """After a step-down (§5), the seat offered to the next-ranked candidate who keeps parity,
    for the rest of the term. One offer per candidacy and vacated mandate."""

    vacated = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="offers")
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="offers")
    status = models.CharField(
        max_length=16, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("seat offer")
        verbose_name_plural = _("seat offers")
        constraints = [
            models.UniqueConstraint(
                fields=["vacated", "candidacy"], name="one_offer_per_candidacy"
            ),
            models.UniqueConstraint(
                fields=["vacated"], condition=Q(status="offered"), name="one_open_offer_per_seat"
            ),
        ]

    def __str__(self):
        return f"{self.vacated} → {self.candidacy}"


class AgencyDesignation(models.Model):
    """The GT-SC's consensus designation of the UN-agency seats (§5): when and where it was
    agreed; one mandate per designated agency follows."""

    agreed_on = models.DateField(_("agreed on"))
    agreed_at = models.CharField(_("meeting or note where it was agreed"), max_length=300)
    meeting = models.ForeignKey(
        "mesas.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
    )
    starts_on = models.DateField(_("term starts on"))
    ends_on = models.DateField(_("term ends on"))
    volunteers = models.ManyToManyField(Agency, related_name="+", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("UN-agency designation")
        verbose_name_plural = _("UN-agency designations")
        ordering = ["-starts_on"]

    def __str__(self):
        return f"{self.agreed_on} · {self.agreed_at}"


class StrategyState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class IntegratedStrategy(models.Model):
    """An integrated strategy of the linking table (§5, "its work"): a titled Markdown document
    about one or more mesas. Drafts are seen by the linking table only; published ones by
    everyone. `html` is the sanitised rendering of `text` (mesas.markup), written by the
    services, never by hand."""

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text (Markdown)"))
    html = models.TextField(blank=True)
    mesas = models.ManyToManyField(
        Mesa, related_name="integrated_strategies", verbose_name=_("mesas concerned")
    )
    state = models.CharField(
        _("state"), max_length=16, choices=StrategyState.choices, default=StrategyState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("integrated strategy")
        verbose_name_plural = _("integrated strategies")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "published"]), name="strategy_state_known"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="published_strategy_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("vinculacion:strategy_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.state == StrategyState.PUBLISHED
