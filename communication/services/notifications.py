"""Notifications (§12): rows on the portal list, e-mails at once or in digests, frequencies per
person and category, unsubscribe links that work without logging in.

A fan-out (who is told of an announcement, a reply, a new thread) runs in a Celery task after
the commit of the change. It is idempotent: notification rows are unique per person, kind and
object, outbox keys per person and reason. `fanout_sweep` re-runs the fan-outs a lost task left
undone (the object's `fanned_out_at` is still empty), so nothing is lost when Redis is down."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.outbox import categories as outbox_categories
from mecanismo.outbox.services import absolute_url, email_enqueue, recipient_language

from .. import keys, selectors
from ..models import (
    Announcement,
    Category,
    Frequency,
    Notification,
    NotificationKind,
    NotificationPreference,
    Post,
)
from ._common import EMAIL_PREFIX

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "communication.unsubscribe"
ALL = "all"  # an unsubscribe link for every category (a digest's List-Unsubscribe header)
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 90  # links in mail stay valid for 90 days
BATCH = 500
DIGEST_ITEMS_PER_CATEGORY = 50
OUTBOX_CATEGORY = {
    Category.ANNOUNCEMENTS: outbox_categories.ANNOUNCEMENTS,
    Category.DISCUSSIONS: outbox_categories.DISCUSSIONS,
    Category.NEW_THREADS: outbox_categories.NEW_THREADS,
}


# --- frequencies -----------------------------------------------------------------------------


def frequencies_for(user) -> dict[str, str]:
    """{category: frequency} of one person; a category without a row is 'immediately'."""
    stored = dict(
        NotificationPreference.objects.filter(user=user).values_list("category", "frequency")
    )
    return {c: stored.get(c, Frequency.IMMEDIATELY) for c in Category.values}


@transaction.atomic
def frequencies_set(*, user, frequencies: dict[str, str]) -> None:
    for category, frequency in frequencies.items():
        if category not in Category.values or frequency not in Frequency.values:
            raise ValidationError(_("Unknown notification setting."))
        NotificationPreference.objects.update_or_create(
            user=user, category=category, defaults={"frequency": frequency}
        )


def _frequency_map(user_ids: Iterable[int], category: str) -> dict[int, str]:
    return dict(
        NotificationPreference.objects.filter(
            user_id__in=list(user_ids), category=category
        ).values_list("user_id", "frequency")
    )


# --- unsubscribe links -----------------------------------------------------------------------


def unsubscribe_token(user, category: str) -> str:
    return signing.dumps({"u": user.pk, "c": category}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(user, category: str, language: str | None = None) -> str:
    return absolute_url(
        "communication:unsubscribe",
        language or recipient_language(user),
        token=unsubscribe_token(user, category),
    )


def unsubscribe_read(token: str):
    """(user, category) of a link; ValidationError (translated) if tampered with or expired."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("This unsubscribe link has expired. Change your e-mails on the settings page.")
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("This unsubscribe link is not valid.")) from exc
    category = data.get("c") if isinstance(data, dict) else None
    user = get_user_model().objects.filter(pk=data.get("u") if category else None).first()
    if user is None or (category not in Category.values and category != ALL):
        raise ValidationError(_("This unsubscribe link is not valid."))
    return user, category


@transaction.atomic
def unsubscribe(*, token: str):
    """Switch one category off for the person the signed link names (no login needed)."""
    user, category = unsubscribe_read(token)
    for code in Category.values if category == ALL else [category]:
        NotificationPreference.objects.update_or_create(
            user=user, category=code, defaults={"frequency": Frequency.OFF}
        )
    return user, category


# --- the portal list -------------------------------------------------------------------------


def notification_open(*, user, notification: Notification) -> str:
    if notification.user_id != user.pk:
        raise ValidationError(_("This notification is not yours."))
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return notification.target_url()


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- fan-out ---------------------------------------------------------------------------------


def _mail_context(notification: Notification, user, lang: str) -> dict:
    """What the immediate e-mail and the digest say about one notification."""
    context = {"title": notification.subject, "url": ""}
    if notification.announcement_id:
        a = notification.announcement
        context.update(
            url=absolute_url("communication:announcement_detail", lang, pk=a.pk),
            body_name=a.body.translated("name", lang),
            text=a.text[:4000],
        )
    elif notification.thread_id:
        t = notification.thread
        context.update(
            url=absolute_url("communication:thread_detail", lang, pk=t.pk)
            + (f"#post-{notification.post_id}" if notification.post_id else ""),
            body_name=t.body.translated("name", lang),
        )
        if notification.post_id:
            post = notification.post
            context.update(
                text=post.text[:4000],
                author=post.author.get_full_name() if post.author and post.author.is_active else "",
                reason=post.hidden_reason,
            )
    return context


def _notify(
    *,
    user_ids: set[int],
    category: str,
    kind: str,
    template: str,
    key_of,
    outbox_category: str,
    **target,
) -> int:
    """Write the notification rows of a fan-out and e-mail at once those who chose it."""
    if not user_ids:
        return 0
    frequency = _frequency_map(user_ids, category) if category else {}
    users = get_user_model().objects.filter(pk__in=list(user_ids), is_active=True)
    sent = 0
    ids = sorted(user_ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        with transaction.atomic():
            Notification.objects.bulk_create(
                [Notification(user_id=u, category=category, kind=kind, **target) for u in chunk],
                ignore_conflicts=True,
            )
            rows = (
                Notification.objects.filter(user_id__in=chunk, kind=kind, **target)
                .select_related(
                    "announcement__body", "thread__body", "post__author", "post__thread"
                )
                .order_by("user_id")
            )
            by_user = {u.pk: u for u in users.filter(pk__in=chunk)}
            for row in rows:
                user = by_user.get(row.user_id)
                if user is None or frequency.get(user.pk, Frequency.IMMEDIATELY) != (
                    Frequency.IMMEDIATELY
                ):
                    continue
                lang = recipient_language(user)
                context = _mail_context(row, user, lang)
                unsubscribe = unsubscribe_url(user, category, lang) if category else None
                if unsubscribe:
                    context["unsubscribe_url"] = unsubscribe
                if email_enqueue(
                    key=key_of(row),
                    user=user,
                    template=EMAIL_PREFIX + template,
                    context=context,
                    category=outbox_category,
                    list_unsubscribe=unsubscribe,
                ):
                    sent += 1
    return sent


def announcement_fanout(*, announcement_id: int) -> int:
    """Tell each member of the audience once (§12): a notification and, unless they chose a
    digest or off, one e-mail (key per person and announcement) in their language."""
    announcement = Announcement.objects.select_related("body").filter(pk=announcement_id).first()
    if announcement is None:
        return 0
    audience = selectors.announcement_audience(announcement) - {announcement.author_id}
    sent = _notify(
        user_ids=audience,
        category=Category.ANNOUNCEMENTS,
        kind=NotificationKind.ANNOUNCEMENT,
        template="announcement",
        key_of=lambda row: keys.announcement(announcement.pk, row.user_id),
        outbox_category=outbox_categories.ANNOUNCEMENTS,
        announcement=announcement,
    )
    Announcement.objects.filter(pk=announcement.pk).update(fanned_out_at=timezone.now())
    return sent


def post_fanout(*, post_id: int) -> int:
    """A new thread tells the body's members (category 'new threads'); a reply tells those who
    took part in the thread (category 'discussions'). Never the author."""
    post = Post.objects.select_related("thread", "thread__body").filter(pk=post_id).first()
    if post is None:
        return 0
    thread = post.thread
    if post.is_opening:
        audience = selectors.body_member_ids(thread.body) - {post.author_id}
        sent = _notify(
            user_ids=audience,
            category=Category.NEW_THREADS,
            kind=NotificationKind.NEW_THREAD,
            template="new_thread",
            key_of=lambda row: keys.notification(row.pk),
            outbox_category=outbox_categories.NEW_THREADS,
            thread=thread,
            post=post,
        )
    else:
        audience = selectors.thread_participant_ids(thread) - {post.author_id}
        sent = _notify(
            user_ids=audience,
            category=Category.DISCUSSIONS,
            kind=NotificationKind.REPLY,
            template="reply",
            key_of=lambda row: keys.notification(row.pk),
            outbox_category=outbox_categories.DISCUSSIONS,
            thread=thread,
            post=post,
        )
    Post.objects.filter(pk=post.pk).update(fanned_out_at=timezone.now())
    return sent


def moderation_notify(*, post: Post, hidden: bool) -> None:
    """The author is told when a coordinator hides or restores their post (always sent)."""
    if post.author_id is None or not post.author.is_active:
        return
    kind = NotificationKind.POST_HIDDEN if hidden else NotificationKind.POST_RESTORED
    # A post hidden, restored and hidden again tells the author each time: a fresh row.
    Notification.objects.filter(user_id=post.author_id, kind=kind, post=post).delete()
    _notify(
        user_ids={post.author_id},
        category="",
        kind=kind,
        template="post_hidden" if hidden else "post_restored",
        key_of=lambda row: keys.notification(row.pk),
        outbox_category=outbox_categories.MODERATION,
        thread=post.thread,
        post=post,
    )


def fanout_sweep(*, older_than_seconds: int = 120, limit: int = 200) -> int:
    """Re-run fan-outs whose task was lost (broker down at commit, worker killed)."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    done = 0
    for pk in Announcement.objects.filter(
        fanned_out_at__isnull=True, created_at__lt=cutoff
    ).values_list("pk", flat=True)[:limit]:
        announcement_fanout(announcement_id=pk)
        done += 1
    for pk in Post.objects.filter(fanned_out_at__isnull=True, created_at__lt=cutoff).values_list(
        "pk", flat=True
    )[:limit]:
        post_fanout(post_id=pk)
        done += 1
    return done


def fanout_dispatch(task_name: str, object_id: int) -> None:
    """Hand a fan-out to Celery after commit; if the broker is down the sweep does it later."""
    from .. import tasks

    task = getattr(tasks, task_name)

    def send():
        try:
            task.apply_async((object_id,), retry=False)
        except Exception:  # noqa: BLE001 - the sweep re-runs it
            import logging

            logging.getLogger(__name__).warning(
                "communication: %s %s not queued", task_name, object_id
            )

    transaction.on_commit(send, robust=True)


# --- digests ---------------------------------------------------------------------------------


def digest_window(
    frequency: str, today: datetime.date
) -> tuple[datetime.datetime, datetime.datetime, datetime.date]:
    """The period a digest sent on `today` covers: the previous day, or the previous ISO week
    (Monday to Sunday), in UTC. Returns (start, end, first day)."""
    if frequency == Frequency.WEEKLY:
        monday = today - datetime.timedelta(days=today.weekday())
        first = monday - datetime.timedelta(days=7)
        last = monday
    else:
        first = today - datetime.timedelta(days=1)
        last = today
    utc = datetime.UTC
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=utc)
    end = datetime.datetime.combine(last, datetime.time.min, tzinfo=utc)
    return start, end, first


def digests_send(*, frequency: str, today: datetime.date | None = None) -> int:
    """One e-mail per person and period (§12): everything of the categories the person wants
    as a `frequency` digest, from the period before `today`. The outbox key names the person
    and the period, so a retried or duplicated schedule sends nothing twice. Returns how many
    digests were queued."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(frequency)
    today = today or timezone.now().date()
    start, end, first = digest_window(frequency, today)
    wanted: dict[int, set[str]] = defaultdict(set)
    for user_id, category in NotificationPreference.objects.filter(frequency=frequency).values_list(
        "user_id", "category"
    ):
        wanted[user_id].add(category)
    if not wanted:
        return 0
    queued = 0
    user_ids = sorted(wanted)
    User = get_user_model()
    for offset in range(0, len(user_ids), BATCH):
        chunk = user_ids[offset : offset + BATCH]
        rows = (
            Notification.objects.filter(
                user_id__in=chunk, created_at__gte=start, created_at__lt=end
            )
            .exclude(category="")
            .select_related("announcement__body", "thread__body", "post__author", "post__thread")
            .order_by("user_id", "category", "created_at", "id")
        )
        per_user: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for row in rows:
            if row.category in wanted[row.user_id]:
                per_user[row.user_id][row.category].append(row)
        users = {u.pk: u for u in User.objects.filter(pk__in=list(per_user), is_active=True)}
        for user_id, by_category in per_user.items():
            user = users.get(user_id)
            if user is None:
                continue
            with transaction.atomic():
                if _digest_enqueue(user, frequency, first, by_category):
                    queued += 1
    return queued


def _digest_enqueue(user, frequency: str, first: datetime.date, by_category) -> bool:
    lang = recipient_language(user)
    sections = []
    for category in Category.values:
        items = by_category.get(category)
        if not items:
            continue
        sections.append(
            {
                "category": category,
                "items": [
                    {"kind": row.kind, **_mail_context(row, user, lang)}
                    for row in items[:DIGEST_ITEMS_PER_CATEGORY]
                ],
                "more": max(len(items) - DIGEST_ITEMS_PER_CATEGORY, 0),
                "unsubscribe_url": unsubscribe_url(user, category, lang),
            }
        )
    if not sections:
        return False
    for section in sections:
        for item in section["items"]:
            item.pop("text", None)  # a digest lists titles and links, not whole texts
    return (
        email_enqueue(
            key=keys.digest(frequency, first, user.pk),
            user=user,
            template=EMAIL_PREFIX + "digest",
            context={
                "weekly": frequency == Frequency.WEEKLY,
                "period": keys.digest_period(frequency, first).split(":", 1)[1],
                "sections": sections,
                "notifications_url": absolute_url("communication:notifications", lang),
            },
            category=outbox_categories.DIGEST,
            list_unsubscribe=unsubscribe_url(user, ALL, lang),
        )
        is not None
    )
