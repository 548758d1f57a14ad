"""Discussion threads of the mesas and the linking table, and their moderation (§12)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.services import audit_record
from mesas.models import Body

from .. import permissions
from ..models import Post, PostReport, PostRevision, Thread, ThreadVisit, Visibility
from ..permissions import PostAction, ThreadAction
from ._common import MAX_TEXT, markdown_html, post_index, require
from .notifications import fanout_dispatch, moderation_notify


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write a text."))
    if len(text) > MAX_TEXT:
        raise ValidationError(_("The text is too long."))
    return text


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason."))
    return reason[:2000]


@transaction.atomic
def thread_start(
    *, actor, body: Body, title: str, text: str, visibility: str, objectives=()
) -> Thread:
    """A member of a mesa or of the linking table opens a thread (title, Markdown text, GCM
    objective tags, who may read it). Its members are told (category 'new threads')."""
    if not permissions.has_discussions(body):
        raise ValidationError(_("This body has no discussions."))
    require(permissions.can_start_thread(actor, body), _("Only members of this body write here."))
    title = (title or "").strip()[:200]
    if not title:
        raise ValidationError(_("Give the thread a title."))
    if visibility not in Visibility.values:
        raise ValidationError(_("Choose who can read the thread."))
    text = _clean_text(text)
    now = timezone.now()
    thread = Thread.objects.create(
        body=body, author=actor, title=title, visibility=visibility, created_at=now,
        last_post_at=now,
    )  # fmt: skip
    if objectives:
        thread.objectives.set(objectives)
    post = Post.objects.create(
        thread=thread, author=actor, is_opening=True, text=text, html=markdown_html(text),
        created_at=now,
    )  # fmt: skip
    post_index([post.pk])
    fanout_dispatch("post_fanout", post.pk)
    return thread


@transaction.atomic
def post_reply(*, actor, thread: Thread, text: str) -> Post:
    """A member replies. Refused in a closed thread or one whose opening post is hidden, and
    for people outside the body. Those who took part are told (category 'discussions')."""
    thread = Thread.objects.select_for_update(of=("self",)).select_related("body").get(pk=thread.pk)
    opening = Post.objects.filter(thread=thread, is_opening=True).first()
    if ThreadAction.REPLY not in permissions.thread_actions(actor, thread, opening):
        if thread.is_locked or (opening is not None and opening.is_hidden):
            raise ValidationError(_("This thread is closed to replies."))
        raise PermissionDenied(_("Only members of this body write here."))
    text = _clean_text(text)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread, author=actor, text=text, html=markdown_html(text), created_at=now
    )
    Thread.objects.filter(pk=thread.pk).update(last_post_at=now, reply_count=F("reply_count") + 1)
    post_index([post.pk])
    fanout_dispatch("post_fanout", post.pk)
    return post


@transaction.atomic
def post_edit(*, actor, post: Post, text: str) -> Post:
    """The author corrects a post within 30 minutes; the former text is kept as a revision."""
    post = (
        Post.objects.select_for_update(of=("self",)).select_related("thread__body").get(pk=post.pk)
    )
    if PostAction.EDIT not in permissions.post_actions(actor, post, moderator=False):
        raise ValidationError(_("This post can no longer be edited (30 minutes after posting)."))
    text = _clean_text(text)
    if text == post.text:
        return post
    PostRevision.objects.create(post=post, text=post.text)
    post.text = text
    post.html = markdown_html(text)
    post.edited_at = timezone.now()
    post.save(update_fields=["text", "html", "edited_at"])
    post_index([post.pk])
    return post


@transaction.atomic
def post_report(*, actor, post: Post, reason: str) -> PostReport:
    """A member reports someone else's post to the body's coordinators, with a reason."""
    if PostAction.REPORT not in permissions.post_actions(actor, post, moderator=False):
        raise PermissionDenied(_("You cannot report this post."))
    reason = _clean_reason(reason)
    try:
        with transaction.atomic():
            return PostReport.objects.create(post=post, reporter=actor, reason=reason)
    except IntegrityError as exc:
        raise ValidationError(_("You have already reported this post.")) from exc


@transaction.atomic
def post_hide(*, actor, post: Post, reason: str) -> Post:
    """A coordinator of the body hides a post, with a reason: the author is told, the reports
    on it are resolved, the audit log records it."""
    post = (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread__body", "author")
        .get(pk=post.pk)
    )
    if PostAction.HIDE not in permissions.post_actions(actor, post):
        if post.is_hidden:
            raise ValidationError(_("This post is already hidden."))
        raise PermissionDenied(_("You do not coordinate this body."))
    reason = _clean_reason(reason)
    now = timezone.now()
    post.hidden_at, post.hidden_by, post.hidden_reason = now, actor, reason
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    PostReport.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=now)
    audit_record(actor=actor, action="post.hidden", target=post, reason=reason)
    moderation_notify(post=post, hidden=True)
    return post


@transaction.atomic
def post_restore(*, actor, post: Post, reason: str) -> Post:
    """A coordinator shows a hidden post again, with a reason (author told, audited)."""
    post = (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread__body", "author")
        .get(pk=post.pk)
    )
    if PostAction.RESTORE not in permissions.post_actions(actor, post):
        if not post.is_hidden:
            raise ValidationError(_("This post is not hidden."))
        raise PermissionDenied(_("You do not coordinate this body."))
    reason = _clean_reason(reason)
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, reason
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(actor=actor, action="post.restored", target=post, reason=reason)
    moderation_notify(post=post, hidden=False)
    return post


@transaction.atomic
def thread_lock(*, actor, thread: Thread, locked: bool) -> Thread:
    """Coordinators close a thread to replies, or reopen it (audited)."""
    thread = Thread.objects.select_for_update(of=("self",)).select_related("body").get(pk=thread.pk)
    wanted = ThreadAction.LOCK if locked else ThreadAction.UNLOCK
    if wanted not in permissions.thread_actions(actor, thread):
        if permissions.can_moderate(actor, thread.body):
            raise ValidationError(_("Nothing to change."))
        raise PermissionDenied(_("You do not coordinate this body."))
    thread.locked_at = timezone.now() if locked else None
    thread.save(update_fields=["locked_at"])
    audit_record(
        actor=actor, action="thread.locked" if locked else "thread.reopened", target=thread
    )
    return thread


def thread_visit(*, user, thread: Thread) -> None:
    """Remember when the person last opened the thread (one upsert, one row per person and
    thread): posts after it are marked new on the next visit."""
    if not getattr(user, "is_authenticated", False):
        return
    ThreadVisit.objects.bulk_create(
        [ThreadVisit(user=user, thread=thread, last_seen_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["last_seen_at"],
    )
