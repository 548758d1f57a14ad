"""Every write of the communication app (§12): one function per use case, keyword-only, atomic,
permission checked inside (communication/permissions.py). E-mail only through the outbox, with
keys from communication/keys.py."""

from __future__ import annotations

from .announcements import announcement_publish  # noqa: F401
from .discussions import (  # noqa: F401
    post_edit,
    post_hide,
    post_reply,
    post_report,
    post_restore,
    thread_lock,
    thread_start,
    thread_visit,
)
from .notifications import (  # noqa: F401
    ALL,
    announcement_fanout,
    digest_window,
    digests_send,
    fanout_sweep,
    frequencies_for,
    frequencies_set,
    notification_open,
    notifications_mark_all_read,
    post_fanout,
    unsubscribe,
    unsubscribe_read,
    unsubscribe_token,
    unsubscribe_url,
)
