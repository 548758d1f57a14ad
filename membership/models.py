"""Members of the mechanism (§3): organisations and individuals, their contact persons, the
self-declared sensitive data of a person (§9), and mesa memberships with their history."""

import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import ActorType, Country, Mesa, Subregion


def normalise_name(name: str) -> str:
    """Lower-case, accents removed, spaces collapsed: 'Asociación  Ñandú' → 'asociacion nandu'.
    Used to spot likely duplicates (same name in the same country)."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


class MemberKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    INDIVIDUAL = "individual", _("Individual")


class Member(models.Model):
    """An organisation or an individual (e.g. a migrant person) taking part in the mechanism."""

    kind = models.CharField(_("kind"), max_length=16, choices=MemberKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_normalised = models.CharField(max_length=200, editable=False, db_index=True)
    actor_type = models.ForeignKey(
        ActorType, on_delete=models.PROTECT, related_name="members", verbose_name=_("actor type")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="members", verbose_name=_("country")
    )
    # Derived from the country on save (§3); stored so the directory can filter and sort by it
    # with an index instead of a join (§10).
    subregion = models.CharField(
        _("subregion"), max_length=32, choices=Subregion.choices, editable=False, blank=True
    )
    works_local = models.BooleanField(_("works at local level"), default=False)
    works_national = models.BooleanField(_("works at national level"), default=False)
    works_regional = models.BooleanField(_("works at regional level"), default=False)
    gathers_networks = models.BooleanField(
        _("is part of or brings together groups, collectives or networks"), default=False
    )
    description = models.TextField(_("public description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # §3: members who opted in; never listed by default (issue 10).
    listed_in_directory = models.BooleanField(_("listed in the public directory"), default=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name_normalised", "id"]
        indexes = [
            models.Index(fields=["name_normalised", "country"], name="member_name_country"),
            models.Index(fields=["listed_in_directory", "name_normalised"], name="member_dir"),
            models.Index(fields=["subregion", "name_normalised"], name="member_subregion_name"),
            models.Index(fields=["country", "name_normalised"], name="member_country_name"),
            models.Index(fields=["actor_type", "name_normalised"], name="member_actor_name"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_normalised = normalise_name(self.name)
        if self.country_id:
            self.subregion = self.country.subregion
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "country"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_normalised", "subregion"}
        super().save(*args, **kwargs)

    @property
    def subregion_label(self) -> str:
        return self.get_subregion_display()

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def get_absolute_url(self):
        return reverse("membership:member_detail", kwargs={"pk": self.pk})


class ContactStatus(models.TextChoices):
    # Brought in by an import (issue 14): not acting for the member until the person accepts the
    # invitation (password, own privacy consent). Counted nowhere, listed nowhere.
    INVITED = "invited", _("Invited")
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class ContactPerson(models.Model):
    """A user acting for a member. An individual member has exactly one (the person). A user acts
    for one member at a time (§3): unique among pending/approved rows. A request to be added to an
    existing organisation is a pending row, approved by one of its contacts or an admin."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("member")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contact_roles",
        verbose_name=_("user"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ContactStatus.choices, default=ContactStatus.APPROVED
    )
    position = models.CharField(_("position in the organisation"), max_length=200, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["invited", "pending", "approved"]),
                name="one_active_member_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.member}"


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class SelfDeclaration(models.Model):
    """Optional, self-declared, sensitive data of one person (§3, §9). Never shown individually to
    anyone but the person: read only through aggregate selectors that suppress cells under 5."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_declaration"
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    migrant_experience = models.BooleanField(
        _("I have migrant or refugee experience"), null=True, blank=True
    )
    indigenous = models.BooleanField(_("Indigenous"), default=False)
    afro_descendant = models.BooleanField(_("Afro-descendant"), default=False)
    lgbtiq = models.BooleanField(_("LGBTIQ+"), default=False)
    disability = models.BooleanField(_("Person with disabilities"), default=False)
    youth = models.BooleanField(_("Youth"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("self-declaration")
        verbose_name_plural = _("self-declarations")

    def __str__(self):
        return f"#{self.pk}"


class MembershipStatus(models.TextChoices):
    # Imported (issue 14): becomes approved when a contact of the member accepts the invitation.
    INVITED = "invited", _("Imported, invitation not accepted yet")
    PENDING = "pending", _("Requested")
    APPROVED = "approved", _("Member")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")
    WITHDRAWN = "withdrawn", _("Request withdrawn")


class MesaMembership(models.Model):
    """A member's request to join a mesa and what became of it (§3). A row moves pending →
    approved → left (or pending → declined/withdrawn) and is never overwritten; rejoining creates a
    new row. At most one open (pending or approved) row per member and mesa."""

    OPEN_STATUSES = ("invited", "pending", "approved")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="mesa_memberships", verbose_name=_("member")
    )
    mesa = models.ForeignKey(
        Mesa, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("mesa")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    motivation = models.TextField(_("why this mesa"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mesa membership")
        verbose_name_plural = _("mesa memberships")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "mesa"],
                condition=Q(status__in=["invited", "pending", "approved"]),
                name="one_open_membership_per_member_mesa",
            )
        ]
        indexes = [
            models.Index(fields=["mesa", "status"], name="membership_mesa_status"),
            models.Index(fields=["member", "status"], name="membership_member_status"),
            # A mesa's requests oldest first (the coordinators' list, §10: read in order, LIMIT).
            models.Index(
                fields=["mesa", "status", "requested_at", "id"], name="membership_mesa_queue"
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.mesa.short_name} ({self.get_status_display()})"


class RegistrationStep(models.TextChoices):
    PRIVACY = "privacy", _("Privacy notice")
    KIND = "kind", _("Who registers")
    PROFILE = "profile", _("Profile")
    CLAIM = "claim", _("Existing organisation")
    ABOUT = "about", _("About you (optional)")


class RegistrationDraft(models.Model):
    """Answers of a registration in progress, kept server-side so a person who stops halfway
    (a phone losing signal) continues where they left off (§3). Deleted when the profile is made."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registration_draft"
    )
    step = models.CharField(
        max_length=16, choices=RegistrationStep.choices, default=RegistrationStep.PRIVACY
    )
    data = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration in progress")
        verbose_name_plural = _("registrations in progress")

    def __str__(self):
        return f"{self.user} ({self.step})"


class DisclosureKey(models.Model):
    """A fixed random number for one person (user) or one member, drawn once and never shown
    (§9, the cell-key method of membership/disclosure.py): a published count is perturbed by an
    amount derived from the sum of its contributors' keys, so the same people always give the
    same published number and nobody can tell the true count from it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="disclosure_key",
    )
    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="disclosure_key"
    )
    value = models.PositiveIntegerField()
    # When the person's self-declared answers were last saved or erased: an answer change counts
    # as a change between two releases (disclosure.MIN_CHANGES), without storing the answer.
    answers_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True) ^ Q(member__isnull=True),
                name="disclosure_key_user_xor_member",
            )
        ]

    def __str__(self):
        return f"key #{self.pk}"


class DisclosureRelease(models.Model):
    """One published release of a fixed table set ("scope", e.g. the composition of a mesa):
    the suppressed, perturbed cells as shown, and who was counted (to measure the changes before
    the next release). Pages show the latest release of their scope, never live counts (§9)."""

    scope = models.CharField(max_length=120)
    period_start = models.DateField()  # the release date: first day of the quarter it opens
    computed_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(default=timezone.now)  # last time a newer release was due
    members = models.JSONField(default=list)  # ids of the members counted
    people = models.JSONField(default=list)  # ids of the people counted
    payload = models.JSONField(default=dict)  # the displays, by table and category code

    class Meta:
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "period_start"], name="one_release_per_period")
        ]

    def __str__(self):
        return f"{self.scope} @ {self.period_start}"


class ImportStatus(models.TextChoices):
    DRY_RUN = "dry_run", _("Checked, not imported")
    IMPORTED = "imported", _("Imported")
    UNDONE = "undone", _("Undone")


class MemberImport(models.Model):
    """One file of existing members brought in by an admin or GT-SC staff (issue 14). The parsed
    rows are kept server-side under a random token tied to the person who uploaded them, so the
    dry run is a page, not a form with a widget per row; the import re-checks them and writes
    in one transaction; `created` lists what it wrote, so the batch can be undone."""

    token = models.UUIDField(unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(_("file"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.DRY_RUN
    )
    rows = models.JSONField(default=list)  # [{"line": n, column: text, …}] as read
    notes = models.JSONField(default=list)  # file-level notes: ignored columns (codes)
    report = models.JSONField(default=list)  # the dry run, one entry per row
    created = models.JSONField(default=dict)  # ids written: users, members, contacts, memberships
    imported_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"
