"""Meetings, their invitations (replies and attendance) and speakers (§6)."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bodies import Body


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
    recorded_afterwards = models.BooleanField(
        _("recorded afterwards"),
        default=False,
        help_text=_("Entered after it took place: nobody was invited or reminded by e-mail."),
    )
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

    @property
    def rsvp_choices(self) -> list[tuple[str, str]]:
        """The replies this meeting's modality allows (no "in person" for a virtual meeting)."""
        allowed = RSVP_BY_MODALITY.get(self.modality, set(Rsvp.values))
        return [(value, label) for value, label in Rsvp.choices if value in allowed]

    @property
    def attendance_marks(self) -> list[AttendanceMark]:
        """The attendance options of this meeting: present in person or online when hybrid."""
        if self.modality == Modality.HYBRID:
            return [
                AttendanceMark.IN_PERSON,
                AttendanceMark.ONLINE,
                AttendanceMark.EXCUSED,
                AttendanceMark.ABSENT,
            ]
        return [AttendanceMark.PRESENT, AttendanceMark.EXCUSED, AttendanceMark.ABSENT]


class Rsvp(models.TextChoices):
    IN_PERSON = "in_person", _("Attending in person")
    ONLINE = "online", _("Attending online")
    NOT_ATTENDING = "not_attending", _("Not attending")


RSVP_BY_MODALITY = {
    Modality.VIRTUAL: {Rsvp.ONLINE, Rsvp.NOT_ATTENDING},
    Modality.IN_PERSON: {Rsvp.IN_PERSON, Rsvp.NOT_ATTENDING},
    Modality.HYBRID: {Rsvp.IN_PERSON, Rsvp.ONLINE, Rsvp.NOT_ATTENDING},
}


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Presence(models.TextChoices):
    """How a person present at a hybrid meeting took part."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class AttendanceMark(models.TextChoices):
    """One option of the attendance form: an attendance, and for hybrid meetings how."""

    PRESENT = "present", _("Present")
    IN_PERSON = "in_person", _("Present in person")
    ONLINE = "online", _("Present online")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")

    @property
    def attendance(self) -> str:
        if self in (AttendanceMark.IN_PERSON, AttendanceMark.ONLINE):
            return Attendance.PRESENT
        return Attendance(self.value)

    @property
    def presence(self) -> str:
        if self in (AttendanceMark.IN_PERSON, AttendanceMark.ONLINE):
            return Presence(self.value)
        return ""


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
    presence = models.CharField(_("took part"), max_length=16, choices=Presence.choices, blank=True)
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

    @property
    def mark(self) -> str:
        """The attendance option this row holds (or, not recorded yet, the one its reply
        suggests: attending → present, in person or online; not attending → excused). A hybrid
        meeting's "present" without a recorded way falls back to the reply's way."""
        hybrid = self.meeting.modality == Modality.HYBRID
        if self.attendance and self.attendance != Attendance.PRESENT:
            return self.attendance
        if self.attendance == Attendance.PRESENT and (self.presence or not hybrid):
            return self.presence if hybrid else AttendanceMark.PRESENT
        if self.rsvp == Rsvp.NOT_ATTENDING and not self.attendance:
            return AttendanceMark.EXCUSED
        if not (self.rsvp or self.attendance):
            return ""
        if not hybrid:
            return AttendanceMark.PRESENT
        if self.rsvp in (Rsvp.IN_PERSON, Rsvp.ONLINE):
            return self.rsvp
        return AttendanceMark.IN_PERSON


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
