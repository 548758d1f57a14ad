"""Bodies that meet and their meetings (§6): agenda, proposals, RSVPs, attendance, agreements,
action items, minutes and calendar feeds. The mesas themselves are reference data in core."""

import secrets
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import Mesa, Objective, TranslatedName


class BodyKind(models.TextChoices):
    MESA = "mesa", _("Working table (mesa)")
    LINKING_TABLE = "linking_table", _("Linking table")
    DIALOGUE = "dialogue", _("Dialogue with governments and other actors")
    INDICATORS = "indicators", _("Indicators commission")


class Cadence(models.TextChoices):
    QUARTERLY = "quarterly", _("Every quarter")
    SEMESTER = "semester", _("Every semester")
    AS_DECIDED = "as_decided", _("As it decides")


class Body(TranslatedName):
    """A body that meets (§6): each mesa, the linking table ('mesa de vinculación'), the dialogues
    with governments and other actors, the indicators commission. Created by a data migration."""

    slug = models.SlugField(_("address"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    mesa = models.OneToOneField(
        Mesa,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="body",
        verbose_name=_("mesa"),
    )
    cadence = models.CharField(_("meets"), max_length=16, choices=Cadence.choices)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["sort", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="mesa") | Q(mesa__isnull=False), name="mesa_body_has_mesa"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mesas:body_detail", kwargs={"slug": self.slug})


class Modality(models.TextChoices):
    VIRTUAL = "virtual", _("Virtual")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """A meeting of a body. Times are stored in UTC; `time_zone` is the meeting's own zone, used in
    invitations and feeds. `sequence` grows each time the meeting moves (iCalendar SEQUENCE)."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/Panama")
    modality = models.CharField(_("modality"), max_length=16, choices=Modality.choices)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_open = models.BooleanField(
        _("open session"), default=False, help_text=_("Every member is invited.")
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Listed in the public calendar and feeds.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]
        indexes = [
            models.Index(fields=["body", "starts_at"], name="meeting_body_start"),
            models.Index(fields=["is_public", "starts_at"], name="meeting_public_start"),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("mesas:meeting_detail", kwargs={"pk": self.pk})

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class Rsvp(models.TextChoices):
    IN_PERSON = "in_person", _("Attending in person")
    ONLINE = "online", _("Attending online")
    NOT_ATTENDING = "not_attending", _("Not attending")


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Invitation(models.Model):
    """One invited person (a contact person for their member, or a role holder) with their RSVP,
    their attendance and which reminders they have had (the outbox key makes them exactly-once;
    these stamps only keep the sweep from re-trying every row)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_invitations",
        verbose_name=_("person"),
    )
    member = models.ForeignKey(
        "membership.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_invitations",
        verbose_name=_("member"),
    )
    rsvp = models.CharField(_("reply"), max_length=16, choices=Rsvp.choices, blank=True)
    rsvp_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=Attendance.choices, blank=True
    )
    reminded_7d_at = models.DateTimeField(null=True, blank=True)
    reminded_1d_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_invitation_per_person")
        ]
        indexes = [models.Index(fields=["user", "meeting"], name="invitation_user_meeting")]

    def __str__(self):
        return f"{self.user} @ {self.meeting_id}"


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    PANELIST = "panelist", _("Panelist")


class Speaker(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=16, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("speaker or panelist")
        verbose_name_plural = _("speakers and panelists")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class AgendaItem(models.Model):
    """A point of the ordered agenda ('orden del día'), optionally tagged with GCM objectives."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="agenda_items", verbose_name=_("GCM objectives")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


def _document_path(instance, filename):
    return f"meetings/{instance.item.meeting_id}/{secrets.token_hex(8)}-{filename[-80:]}"


class AgendaDocument(models.Model):
    """A preparatory document attached to an agenda item (PDF, DOCX or ODT, checked by content)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path)
    kind = models.CharField(max_length=8)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("preparatory document")
        verbose_name_plural = _("preparatory documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mesas:document_download", kwargs={"pk": self.pk})


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class AgendaProposal(models.Model):
    """An agenda item proposed by a member before the meeting (§2 meaningful participation)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_proposals"
    )
    member = models.ForeignKey(
        "membership.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="+", verbose_name=_("GCM objectives")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agenda proposal")
        verbose_name_plural = _("agenda proposals")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title


class Agreement(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agreements")
    text = models.TextField(_("agreement"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text[:60]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItem(models.Model):
    """Something someone agreed to do, with an owner and a due date (reminded when due)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="action_items")
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(_("owner (name)"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["body", "status", "due_on"], name="action_body_status")]

    def __str__(self):
        return self.text[:60]

    @property
    def owner_label(self) -> str:
        """Shown on public pages and PDFs: a name, never the owner's e-mail address (§9)."""
        name = self.owner.full_name if self.owner_id else ""
        return name or self.owner_name or "—"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated for comments")
    APPROVED = "approved", _("Approved")


class Minutes(models.Model):
    """The minutes ('acta') of a meeting: Markdown written in the portal, stored with its
    sanitised HTML; draft → circulated → approved. Each approval (and each later correction)
    freezes a MinutesVersion with its own PDF, so an older PDF stays reachable."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        _("status"), max_length=16, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    text = models.TextField(_("text (Markdown)"), blank=True)
    html = models.TextField(blank=True, editable=False)
    circulated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return f"{self.meeting}"


class MinutesVersion(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField()
    html = models.TextField()
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PDF"),
    )

    class Meta:
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="one_minutes_version_number")
        ]

    def __str__(self):
        return f"v{self.number}"


class MinutesComment(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment on minutes")
        verbose_name_plural = _("comments on minutes")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret of a person's private iCalendar feed; resetting it kills the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user}"
