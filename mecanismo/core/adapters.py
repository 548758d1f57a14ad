"""django-allauth adapter: the portal's hooks into account mail and sign-up."""

import datetime
import hashlib
import json
import uuid
from types import SimpleNamespace
from urllib.parse import quote, urlparse, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext

from mecanismo.outbox import categories, keys
from mecanismo.outbox.services import email_enqueue

# allauth mail that gives access to an account (links, codes); everything else it sends is a
# security notification (password changed, address added, MFA enabled…).
ACCOUNT_PURPOSES = {
    "email_confirmation",
    "email_confirmation_signup",
    "password_reset_key",
    "password_reset_code",
    "login_code",
    "unknown_account",
    "account_already_exists",
}


def _fingerprint(email: str, template_prefix: str, context: dict) -> str:
    """A hash of what makes this mail unique: the recipient, its purpose and the scalar values
    of its context (the confirmation key, reset URL, code, timestamp). A resend carries a new key,
    so it is a new message; a mail without any such value gets a random component."""
    values = {}
    for name, value in context.items():
        if isinstance(value, str | int | float | bool):
            values[name] = value
        elif isinstance(value, datetime.datetime | datetime.date):
            values[name] = value.isoformat()
    if not any(n in values for n in ("key", "code", "activate_url", "password_reset_url")):
        values.setdefault("timestamp", "")
        values["nonce"] = uuid.uuid4().hex
    payload = json.dumps([email.lower(), template_prefix, values], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


# Links allauth puts in its mail context from the request's host (sign-up and reset pages in
# "unknown account" / "account already exists" mail), moved onto SITE_URL.
LINK_NAMES = ("activate_url", "password_reset_url", "signup_url")


def _links_on_site_url(context: dict) -> dict:
    from mecanismo.outbox.services import site_url

    moved = {}
    for name in LINK_NAMES:
        value = context.get(name)
        if isinstance(value, str) and value:
            parts = urlsplit(value)
            moved[name] = site_url(parts.path + (f"?{parts.query}" if parts.query else ""))
    return moved


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # A new account starts in the language the person was reading the site in.
        lang = (get_language() or "es")[:2]
        if lang in {"es", "en", "pt", "fr"}:
            user.language = lang
        return super().save_user(request, user, form, commit=commit)

    # allauth builds its links from the request's host; ours come from SITE_URL like every other
    # link in an e-mail (one rule, issue 10), so a proxy or another port cannot make them differ.
    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        from mecanismo.outbox.services import site_url

        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        from mecanismo.outbox.services import site_url

        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))

    def format_email_subject(self, subject: str) -> str:
        return str(subject)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account mail goes through the outbox like every other e-mail (issue 4): rendered here,
        in the recipient's language (allauth's templates need request objects), and delivered by
        the worker exactly once."""
        context = {**context, **_links_on_site_url(context)}
        user = context.get("user")
        if not isinstance(user, get_user_model()) or not user.pk:
            user = get_user_model().objects.filter(email__iexact=email).first()
        lang = (getattr(user, "language", None) or get_language() or "es")[:2]
        with translation.override(lang):
            # allauth's own send_mail adds the site; its greeting and signature need it ("Hello
            # from {site}!"). Ours: the portal's name in the recipient's language, SITE_URL's host.
            site = SimpleNamespace(
                name=gettext("Civil Society Mechanism — GCM Latin America and the Caribbean"),
                domain=urlparse(settings.SITE_URL).netloc,
            )
            message = self.render_mail(
                template_prefix,
                email,
                {"email": email, "request": self.request, "current_site": site, **context},
            )
        body_text = message.body
        body_html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                body_html = content
        if not body_html and getattr(message, "content_subtype", "") == "html":
            body_html, body_text = message.body, ""
        purpose = template_prefix.rsplit("/", 1)[-1]
        category = categories.ACCOUNT if purpose in ACCOUNT_PURPOSES else categories.SECURITY
        email_enqueue(
            key=keys.account_mail(purpose, _fingerprint(email, template_prefix, context)),
            user=user,
            to=email,
            template="outbox/email/prerendered",
            context={
                "subject": message.subject,
                "body_text": body_text,
                "body_html": body_html,
                "recipient_name": "",  # allauth's text has its own greeting
            },
            category=category,
            language=lang,
        )
