"""Everyday communication (§12): announcements of a body's coordinators, discussion threads of
the mesas and the linking table with moderation, the notifications a person sees on the portal
and receives by e-mail (at once or in daily / weekly digests)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import Objective, Translated
from mesas.models import Body

EDIT_WINDOW_MINUTES = 30


def _attachment_path(instance, filename):
    return f"announcements/{secrets.token_hex(8)}-{filename[-80:]}"


class Announcement(models.Model):
    """A notice of a body's coordinators to the body's members, or to the whole mechanism
    (linking table and GT-SC only). Markdown, stored with its sanitised HTML."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="announcements", verbose_name=_("body")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    mechanism_wide = models.BooleanField(_("to the whole mechanism"), default=False)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    html = models.TextField(editable=False)
    attachment = models.FileField(_("attachment"), upload_to=_attachment_path, blank=True)
    attachment_name = models.CharField(max_length=120, blank=True)
    attachment_kind = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)
    # Set when its notifications and e-mails were written; the sweep retries rows left unset.
    fanned_out_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["body", "-created_at"], name="announcement_body_recent")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("communication:announcement_detail", kwargs={"pk": self.pk})


class Visibility(models.TextChoices):
    MEMBERS = "members", _("Members of the body")
    PUBLIC = "public", _("Everyone can read")


class Thread(models.Model):
    """A discussion of a mesa or of the linking table. Its opening text is its first post, so
    moderation and editing treat it like any reply."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="threads", verbose_name=_("body")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    title = models.CharField(_("title"), max_length=200)
    visibility = models.CharField(
        _("who can read it"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="threads", verbose_name=_("GCM objectives")
    )
    locked_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last post at"), default=timezone.now)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)

    class Meta:
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")
        ordering = ["-last_post_at", "-id"]
        indexes = [models.Index(fields=["body", "-last_post_at"], name="thread_body_recent")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("communication:thread_detail", kwargs={"pk": self.pk})

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class Post(models.Model):
    """A post of a thread (the first one opens it). Hidden posts keep their text for the
    coordinators and the author; everyone else sees that it was hidden."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    is_opening = models.BooleanField(default=False)
    text = models.TextField(_("text"))
    html = models.TextField(editable=False)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.TextField(_("reason"), blank=True)
    fanned_out_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Full-text vector of the thread title and the text in the four languages, accents removed
    # (PostgreSQL only; written by the services, empty on SQLite).
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "id"]
        indexes = [
            # The GIN index on search_vector is created by migration 0002 on PostgreSQL only.
            models.Index(fields=["thread", "created_at"], name="post_thread_order"),
        ]

    def __str__(self):
        return f"#{self.pk} · {self.thread}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#post-{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostRevision(models.Model):
    """The text a post had before an edit (history kept, §12)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField(_("text"))
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"#{self.post_id} · {self.replaced_at:%Y-%m-%d %H:%M}"


class PostReport(models.Model):
    """A member flags a post to the body's coordinators, with a reason. One per person and post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="one_report_per_person")
        ]

    def __str__(self):
        return f"#{self.post_id}: {self.reason[:60]}"


class ThreadVisit(models.Model):
    """When a person last opened a thread: posts after it are "new". One row per person and
    thread (never one per message and reader)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="visits")
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_visit_per_user_thread")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.thread_id}"


class CodeOfConduct(Translated):
    """The mechanism's code of conduct for discussions, edited in the admin (latest is shown)."""

    text_es = models.TextField(_("text (Spanish)"))
    text_en = models.TextField(_("text (English)"))
    text_pt = models.TextField(_("text (Portuguese)"))
    text_fr = models.TextField(_("text (French)"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("code of conduct")
        verbose_name_plural = _("code of conduct")
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return f"{self._meta.verbose_name} ({self.updated_at:%Y-%m-%d})"

    @property
    def text(self) -> str:
        return self.translated("text")


class Category(models.TextChoices):
    """What a notification is about; each has its own frequency per person."""

    ANNOUNCEMENTS = "announcements", _("Announcements")
    DISCUSSIONS = "discussions", _("Discussions I take part in")
    NEW_THREADS = "new_threads", _("New threads in my mesas")


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class NotificationPreference(models.Model):
    """How often a person receives one category by e-mail. No row means immediately."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="one_frequency_per_category")
        ]
        indexes = [models.Index(fields=["frequency", "category"], name="pref_frequency")]

    def __str__(self):
        return f"{self.user_id}: {self.category} {self.frequency}"


class NotificationKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")
    REPLY = "reply", _("Reply")
    NEW_THREAD = "new_thread", _("New thread")
    POST_HIDDEN = "post_hidden", _("Post hidden")
    POST_RESTORED = "post_restored", _("Post restored")


class Notification(models.Model):
    """One thing a person is told about, on the portal list and by e-mail. Unique per person,
    kind and object, so a fan-out that runs twice tells nobody twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # Empty for notices that are always sent (moderation of one's own post).
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "announcement"],
                condition=Q(announcement__isnull=False),
                name="notification_once_announcement",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "post"],
                condition=Q(post__isnull=False),
                name="notification_once_post",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "thread"],
                condition=Q(post__isnull=True, thread__isnull=False),
                name="notification_once_thread",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(fields=["created_at", "category"], name="notification_period"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind} {self.subject}"

    def target_url(self) -> str:
        if self.announcement_id:
            return self.announcement.get_absolute_url()
        if self.post_id:
            return reverse("communication:thread_detail", kwargs={"pk": self.post.thread_id}) + (
                f"#post-{self.post_id}"
            )
        if self.thread_id:
            return self.thread.get_absolute_url()
        return reverse("communication:notifications")

    @property
    def subject(self) -> str:
        if self.announcement_id:
            return self.announcement.title
        if self.thread_id:
            return self.thread.title
        return ""
