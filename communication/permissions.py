"""Who may read, write and moderate announcements and discussions (§12). Views and templates ask
these functions (and the action sets); services raise PermissionDenied outside them.

Who *coordinates* a body is mesas' rule (`can_coordinate_body`). Who *belongs* to a body is the
meetings' audience (mesas.services.default_invitees) as a yes/no question: the contact persons of
the mesa's approved members; linking-table members for the linking table; linking-table members
and GT-SC staff for the dialogues and the indicators commission; the coordinators always.
Lookups are cached on the user for the request, so pages ask freely."""

from __future__ import annotations

import datetime
import enum

from django.utils import timezone

from mecanismo.core import permissions as core
from membership import selectors as membership_selectors
from mesas.models import Body, BodyKind
from mesas.permissions import can_coordinate_body

from .models import EDIT_WINDOW_MINUTES, Announcement, Post, Thread, Visibility

DISCUSSION_KINDS = (BodyKind.MESA, BodyKind.LINKING_TABLE)
MECHANISM_WIDE_KINDS = (BodyKind.LINKING_TABLE, BodyKind.DIALOGUE)


def _member_mesa_ids(user) -> set[int]:
    cached = getattr(user, "_communication_mesa_ids", None)
    if cached is None:
        member = membership_selectors.member_for_user(user)
        cached = (
            set(membership_selectors.current_mesas(member).values_list("mesa_id", flat=True))
            if member is not None
            else set()
        )
        user._communication_mesa_ids = cached
    return cached


def is_body_member(user, body: Body) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if can_coordinate_body(user, body):
        return True
    if body.kind == BodyKind.MESA:
        return body.mesa_id in _member_mesa_ids(user)
    if body.kind == BodyKind.LINKING_TABLE:
        return core.is_linking_table_member(user)
    return core.is_linking_table_member(user) or core.is_gtsc_staff(user)


def is_in_mechanism(user) -> bool:
    """Anyone a mechanism-wide announcement is for: a member's contact person or a role holder."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        core.is_admin(user)
        or core.is_coordinator(user)
        or core.is_linking_table_member(user)
        or core.is_gtsc_staff(user)
        or membership_selectors.member_for_user(user) is not None
    )


# --- announcements ---------------------------------------------------------------------------


def can_announce(user, body: Body) -> bool:
    return can_coordinate_body(user, body)


def can_announce_mechanism_wide(user, body: Body) -> bool:
    """Only the linking table and GT-SC staff (the dialogues' coordinators) write to everyone."""
    return can_coordinate_body(user, body) and body.kind in MECHANISM_WIDE_KINDS


def can_read_announcement(user, announcement: Announcement) -> bool:
    if announcement.mechanism_wide:
        return is_in_mechanism(user)
    return is_body_member(user, announcement.body)


# --- discussions -----------------------------------------------------------------------------


def has_discussions(body: Body) -> bool:
    return body.kind in DISCUSSION_KINDS


def can_start_thread(user, body: Body) -> bool:
    return has_discussions(body) and is_body_member(user, body)


def can_moderate(user, body: Body) -> bool:
    return can_coordinate_body(user, body)


def can_read_thread(user, thread: Thread) -> bool:
    if thread.visibility == Visibility.PUBLIC:
        return True
    return is_body_member(user, thread.body)


def readable_body_ids(user, bodies) -> set[int]:
    """Bodies whose members-only threads the user may read (for search and lists)."""
    return {b.pk for b in bodies if has_discussions(b) and is_body_member(user, b)}


class ThreadAction(enum.StrEnum):
    # Templates compare with ThreadAction.REPLY: never call the class there.
    do_not_call_in_templates = enum.nonmember(True)

    REPLY = "reply"
    LOCK = "lock"
    UNLOCK = "unlock"


def thread_actions(user, thread: Thread, opening: Post | None = None) -> set[ThreadAction]:
    """Members reply to an open thread whose opening post is not hidden; coordinators close and
    reopen it."""
    actions: set[ThreadAction] = set()
    if not getattr(user, "is_authenticated", False):
        return actions
    hidden = opening is not None and opening.is_hidden
    if not thread.is_locked and not hidden and is_body_member(user, thread.body):
        actions.add(ThreadAction.REPLY)
    if can_moderate(user, thread.body):
        actions.add(ThreadAction.UNLOCK if thread.is_locked else ThreadAction.LOCK)
    return actions


class PostAction(enum.StrEnum):
    do_not_call_in_templates = enum.nonmember(True)

    EDIT = "edit"
    REPORT = "report"
    HIDE = "hide"
    RESTORE = "restore"


def edit_deadline(post: Post) -> datetime.datetime:
    return post.created_at + datetime.timedelta(minutes=EDIT_WINDOW_MINUTES)


def post_actions(user, post: Post, *, moderator: bool | None = None, now=None) -> set[PostAction]:
    """Authors edit for 30 minutes (not once hidden, not in a closed thread); members report
    others' visible posts; the body's coordinators hide and restore."""
    actions: set[PostAction] = set()
    if not getattr(user, "is_authenticated", False):
        return actions
    now = now or timezone.now()
    if moderator is None:
        moderator = can_moderate(user, post.thread.body)
    own = post.author_id == user.pk
    if own and not post.is_hidden and not post.thread.is_locked and now < edit_deadline(post):
        actions.add(PostAction.EDIT)
    if not own and not post.is_hidden and is_body_member(user, post.thread.body):
        actions.add(PostAction.REPORT)
    if moderator:
        actions.add(PostAction.RESTORE if post.is_hidden else PostAction.HIDE)
    return actions


def can_see_hidden_text(user, post: Post, *, moderator: bool) -> bool:
    return moderator or (post.author_id is not None and post.author_id == user.pk)


# --- import and export -----------------------------------------------------------------------


def can_import_members(user) -> bool:
    return core.is_admin(user) or core.is_gtsc_staff(user)


def can_export_members(user, mesa) -> bool:
    return core.can_coordinate_mesa(user, mesa) or core.is_gtsc_staff(user)
