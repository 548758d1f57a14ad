"""Outbox services: queue an e-mail in the caller's transaction, deliver it exactly once.

How "exactly once per recipient and reason" holds (§6, §10), through the shared job pipeline
(`mecanismo.core.jobs`):

* `email_enqueue` inserts one row whose `key` (built by `mecanismo.outbox.keys`) is unique in the
  database, inside the caller's transaction (`jobs.enqueue_once`); a second call with the same key
  (a duplicate schedule, a concurrent request) finds the key taken and returns None. After commit,
  the row id is handed to Celery; if the broker is unreachable the row waits for the sweep.
* `email_deliver` (the Celery task's body) claims the row (`jobs.claim`: pending → sending with
  an attempt counter and a lease, one conditional UPDATE). A task delivered twice, or two workers
  racing, find nothing to claim and do nothing. The SMTP call happens outside any transaction;
  then the row is marked sent, fenced by the attempt number.
* `outbox_sweep` (periodic) hands to Celery every row still pending after a delay and every row
  whose sending lease expired (worker killed mid-send).

Residual risk: if a worker dies after the SMTP server accepted a message and before the row is
marked sent, the lease expires and the message is sent again. The window is one UPDATE long; the
Message-ID header is derived from the row so mail clients can drop the duplicate.
"""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Q, TextField
from django.db.models.functions import Cast
from django.template import Context, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from mecanismo.core import jobs

from . import categories
from .models import NotificationOptOut, OutboxMessage

logger = logging.getLogger(__name__)

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
# Context key holding the message's unsubscribe URL (→ List-Unsubscribe headers).
LIST_UNSUBSCRIBE = "list_unsubscribe_url"
# Mail whose context carries sign-in secrets (verification and reset links, codes).
CREDENTIAL_CATEGORIES = {categories.ACCOUNT, categories.SECURITY}


def max_attempts() -> int:
    return jobs.conf("OUTBOX_MAX_ATTEMPTS", 5)


def lease_seconds() -> int:
    # Longer than the send task's hard time limit, so a live worker never loses its lease.
    return jobs.conf("OUTBOX_LEASE_SECONDS", 300)


def retry_base_seconds() -> int:
    return jobs.conf("OUTBOX_RETRY_BASE_SECONDS", 60)


def sweep_after_seconds() -> int:
    return jobs.conf("OUTBOX_SWEEP_AFTER_SECONDS", 120)


def backoff_seconds(attempt: int) -> int:
    """1, 2, 4, 8 … times the base delay after the 1st, 2nd, 3rd … failed attempt (max 1 h)."""
    return min(retry_base_seconds() * 2 ** max(attempt - 1, 0), 3600)


# --- Preferences -----------------------------------------------------------------------------


def notification_categories_disabled(user) -> set[str]:
    if user is None or not getattr(user, "pk", None):
        return set()
    return set(NotificationOptOut.objects.filter(user=user).values_list("category", flat=True))


def notification_preferences_set(*, user, enabled: set[str] | list[str]) -> None:
    """Store which switchable categories the member receives; the others are switched off.
    Account, security and membership mail cannot be switched off (§6, issue 4)."""
    enabled = set(enabled)
    with transaction.atomic():
        for code in categories.SWITCHABLE:
            if code in enabled:
                NotificationOptOut.objects.filter(user=user, category=code).delete()
            else:
                NotificationOptOut.objects.get_or_create(user=user, category=code)


# --- Helpers for callers ---------------------------------------------------------------------


def recipient_language(user) -> str:
    """The language an e-mail to this account is written in (profile; Spanish default)."""
    lang = (getattr(user, "language", "") or settings.LANGUAGE_CODE)[:2]
    return lang if lang in LANGUAGE_CODES else settings.LANGUAGE_CODE


def site_url(path: str = "") -> str:
    """The one rule for absolute links (issue 10): `SITE_URL` + an absolute path. E-mail bodies
    and footers, allauth's confirmation and reset links, iCalendar events and PDFs all go through
    it, so they agree with each other whatever host the request came in on."""
    return settings.SITE_URL.rstrip("/") + path


def absolute_url(view_name: str, language: str, **kwargs) -> str:
    """An absolute link for an e-mail, under the recipient's language prefix (§11)."""
    with translation.override(language):
        return site_url(reverse(view_name, kwargs=kwargs or None))


# --- Enqueue ---------------------------------------------------------------------------------


def email_enqueue(
    *,
    key: str,
    user=None,
    to: str | None = None,
    template: str,
    context: dict,
    category: str = categories.ACCOUNT,
    language: str | None = None,
    attachments: list[dict] | None = None,
    list_unsubscribe: str | None = None,
) -> OutboxMessage | None:
    """Queue one e-mail to one recipient, deduplicated by `key`.

    `attachments`: small text files, each {"filename", "mimetype", "content"} (content a str,
    stored with the row and attached as it is, e.g. an invitation's iCalendar file).

    Call it inside the transaction of the change that causes the e-mail: the row commits or rolls
    back with that change, and Celery receives its id only after commit. Returns None when the
    key already exists or the recipient switched this category off. `list_unsubscribe` (an
    absolute URL that unsubscribes without login, answering GET and one-click POST) becomes the
    `List-Unsubscribe` header (RFC 2369, RFC 8058).
    """
    if list_unsubscribe:
        context = {**context, LIST_UNSUBSCRIBE: list_unsubscribe}
    if category not in categories.CATEGORIES:
        raise ValueError(f"Unknown e-mail category {category!r}")
    address = to or (user.email if user is not None else "")
    if not address:
        raise ValueError("An e-mail needs a recipient: user or to.")
    if categories.is_switchable(category) and category in notification_categories_disabled(user):
        return None
    lang = recipient_language(user) if not language else language[:2]
    if lang not in LANGUAGE_CODES:
        lang = settings.LANGUAGE_CODE
    attachments = [_attachment(a) for a in attachments or ()]
    message, created = jobs.enqueue_once(
        OutboxMessage,
        key=key,
        dispatch=email_dispatch,
        user=user if user is not None and user.pk else None,
        to=address,
        template=template,
        context=context,
        category=category,
        language=lang,
        attachments=attachments,
    )
    return message if created else None


MAX_ATTACHMENT_CHARS = 256 * 1024


def _attachment(item: dict) -> dict:
    """Check one attachment's shape: a file name, a text MIME type and str content."""
    filename, mimetype, content = item.get("filename"), item.get("mimetype"), item.get("content")
    if not (isinstance(filename, str) and filename and "/" not in filename):
        raise ValueError("An attachment needs a plain file name.")
    if not (isinstance(mimetype, str) and "/" in mimetype):
        raise ValueError("An attachment needs a MIME type such as text/calendar.")
    if not isinstance(content, str) or len(content) > MAX_ATTACHMENT_CHARS:
        raise ValueError("Attachment content is text of at most 256 KiB.")
    return {"filename": filename, "mimetype": mimetype, "content": content}


def email_dispatch(message_id: int, countdown: int | None = None) -> bool:
    """Hand a row to Celery. Never raises: if the broker is down, the sweep re-sends the row."""
    from .tasks import email_send  # tasks import this module

    return jobs.dispatch(email_send, message_id, countdown=countdown)


# --- Deliver ---------------------------------------------------------------------------------


def _claim(message_id: int) -> OutboxMessage | None:
    """pending → sending for one attempt (see mecanismo.core.jobs.claim); None if not ours."""
    return jobs.claim(OutboxMessage, message_id, lease_seconds=lease_seconds(), related=["user"])


def _mail_domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)
    if len(address) == 2:
        return address[1].strip("> ")
    return urlparse(settings.SITE_URL).hostname or "localhost"


def render_plain(template_name: str, context: dict) -> str:
    """Subjects and plain-text parts are not HTML: render them without autoescaping, so that
    "d'Haïti & Co" stays as typed (the HTML part is autoescaped as usual)."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def email_render(message: OutboxMessage) -> EmailMultiAlternatives:
    """Render the message in its language: subject, plain text and HTML, with the footer."""
    user = message.user
    with translation.override(message.language):
        context = dict(message.context or {})
        context.setdefault("site_url", site_url("/"))
        context["preferences_url"] = site_url(reverse("outbox:preferences"))
        context.setdefault(
            "recipient_name", (user.get_full_name() if user is not None else "") or ""
        )
        context["category"] = categories.CATEGORIES.get(message.category)
        context["switchable"] = categories.is_switchable(message.category)
        subject = render_plain(f"{message.template}.subject.txt", context)
        subject = " ".join(subject.split())
        text = render_plain(f"{message.template}.txt", context)
        try:
            html = render_to_string(f"{message.template}.html", context)
        except TemplateDoesNotExist:
            html = linebreaks(text, autoescape=True)
        body_text = render_plain("outbox/email/layout.txt", {**context, "body": text})
        body_html = render_to_string(
            "outbox/email/layout.html",
            # Our own autoescaped templates' output (or linebreaks with autoescape).
            {**context, "body": mark_safe(html), "subject": subject},  # nosec B308 B703
        )
    digest = hashlib.sha256(message.key.encode()).hexdigest()[:16]
    email = EmailMultiAlternatives(
        subject=subject,
        body=body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={
            # Stable across retries: a duplicate after a crash carries the same Message-ID.
            "Message-ID": f"<outbox-{message.pk}-{digest}@{_mail_domain()}>",
            "Auto-Submitted": "auto-generated",
            "X-Outbox-Key": message.key,
        },
    )
    unsubscribe = (message.context or {}).get(LIST_UNSUBSCRIBE)
    if unsubscribe:
        email.extra_headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        email.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.attach_alternative(body_html, "text/html")
    for item in message.attachments or ():
        email.attach(item["filename"], item["content"], item["mimetype"])
    return email


PERMANENT_ERRORS = (TemplateDoesNotExist, TemplateSyntaxError)


def email_deliver(*, message_id: int) -> str:
    """Claim, render, send and mark one message. Returns what happened (for logs and tests):
    'skipped' (nothing to claim: already sent, being sent, or not due), 'sent', 'retry', 'failed'.
    """
    message = _claim(message_id)
    if message is None:
        return "skipped"
    try:
        email = email_render(message)
        email.send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
        return _record_failure(message, exc)
    sent = {"sent_at": timezone.now()}
    if message.category in CREDENTIAL_CATEGORIES:
        # Verification and password-reset links stay valid for days: once the mail is out, the
        # database need not keep them (§9: collect and keep the minimum).
        sent["context"] = {}
    jobs.finish(message, last_error="", **sent)
    return "sent"


def _record_failure(message: OutboxMessage, exc: Exception) -> str:
    error = f"{type(exc).__name__}: {exc}"[:4000]
    logger.warning("outbox: message %s attempt %s failed: %s", message.pk, message.attempts, error)
    give_up = isinstance(exc, PERMANENT_ERRORS) or message.attempts >= max_attempts()
    return jobs.release(
        message,
        retry_in=None if give_up else backoff_seconds(message.attempts),
        dispatch=email_dispatch,
        last_error=error,
    )


# --- Sweep, retry, status --------------------------------------------------------------------


def outbox_sweep(*, older_than_seconds: int | None = None, limit: int = 1000) -> int:
    """Hand to Celery again the rows still pending `older_than_seconds` after they were due
    (broker down at save time, task lost) and the rows whose sending lease expired (worker
    killed mid-send). Returns how many were handed over."""
    if older_than_seconds is None:
        older_than_seconds = sweep_after_seconds()
    return jobs.sweep(
        OutboxMessage, older_than_seconds=older_than_seconds, limit=limit, dispatch=email_dispatch
    )


def outbox_retry(*, message_ids) -> int:
    """An admin retries failed (or stuck) messages: back to pending with a fresh attempt budget.
    Sent messages are never re-sent."""
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update()
            .filter(pk__in=list(message_ids))
            .exclude(status__in=[OutboxMessage.Status.SENT, OutboxMessage.Status.SENDING])
            .values_list("pk", flat=True)
        )
        return jobs.requeue(
            OutboxMessage, ids, dispatch=email_dispatch, next_attempt_at=timezone.now()
        )


def outbox_cancel_pending(keys) -> int:
    """Withdraw messages not handed to the mail server yet (an undone import's invitations): the
    pending rows of these keys are deleted, so a task already queued for one finds nothing to
    claim. A message being sent or sent is left alone. Returns how many were withdrawn."""
    deleted, _by_model = OutboxMessage.objects.filter(
        key__in=list(keys), status=OutboxMessage.Status.PENDING
    ).delete()
    return deleted


def outbox_counts() -> dict[str, int]:
    counts = {status: 0 for status in OutboxMessage.Status.values}
    for row in OutboxMessage.objects.values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


def _replace_text(value, texts: list[str], replacement: str):
    """Values equal to one of the texts (a name, an address), ignoring case; never parts of
    longer strings, so "Ana" does not touch "Mariana"."""
    if isinstance(value, str):
        folded = value.strip().casefold()
        return replacement if any(folded == t.casefold() for t in texts) else value
    if isinstance(value, list):
        return [_replace_text(v, texts, replacement) for v in value]
    if isinstance(value, dict):
        return {k: _replace_text(v, texts, replacement) for k, v in value.items()}
    return value


@transaction.atomic
def outbox_forget_person(
    *, user_id: int, email: str, anonymous_email: str, names=(), replacement: str = ""
) -> int:
    """A person deleted their account (§9): messages to them keep their row (dedup keys, counts)
    but lose the address and content, and unsent ones are not sent; their name or address in
    messages to other people (e.g. a coordinator told of their request) is replaced. Returns the
    rows changed. Names are replaced where a value is exactly the name (e.g. `member_name`)."""
    own = OutboxMessage.objects.filter(Q(user_id=user_id) | Q(to__iexact=email))
    own.filter(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING]).update(
        status=OutboxMessage.Status.FAILED, lease_until=None
    )
    changed = own.update(to=anonymous_email, context={}, attachments=[], last_error="")
    texts = sorted({t for t in (email, *names) if t and len(t) >= 3}, key=len, reverse=True)
    if texts:
        mentions = Q()
        for text in texts:
            mentions |= Q(context_text__icontains=text)
        rows = OutboxMessage.objects.annotate(context_text=Cast("context", TextField())).filter(
            mentions
        )
        for message in rows:
            context = _replace_text(message.context, texts, replacement)
            if context != message.context:
                message.context = context
                message.save(update_fields=["context"])
                changed += 1
    return changed
