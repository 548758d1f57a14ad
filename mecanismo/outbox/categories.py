"""Registry of e-mail categories (the reason a person receives a message).

Account, security and membership mail is always sent: it is about the person's own account or
requests. The other categories are reminders and notices a member may switch off on the
notification preferences page.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Category:
    code: str
    label: str | Promise
    description: str | Promise
    switchable: bool
    # Sent at once or in digests as the person chooses (communication app's frequencies), not
    # switched on or off here.
    by_frequency: bool = False


ACCOUNT = "account"
SECURITY = "security"
MEMBERSHIP = "membership"
MEETING_INVITATIONS = "meeting_invitations"
MEETING_REMINDERS = "meeting_reminders"
MEETING_CHANGES = "meeting_changes"
MINUTES = "minutes"
ACTION_ITEMS = "action_items"
COORDINATOR_REMINDERS = "coordinator_reminders"
ANNOUNCEMENTS = "announcements"
DISCUSSIONS = "discussions"
NEW_THREADS = "new_threads"
DIGEST = "digest"
MODERATION = "moderation"

CATEGORIES: dict[str, Category] = {
    c.code: c
    for c in (
        Category(
            ACCOUNT,
            _("Account"),
            _("Address verification, password reset and sign-in codes."),
            False,
        ),
        Category(
            SECURITY,
            _("Security"),
            _("Changes to your password, e-mail addresses or two-factor authentication."),
            False,
        ),
        Category(
            MEMBERSHIP,
            _("Membership decisions"),
            _("Decisions about your requests to join or leave a mesa or organisation."),
            False,
        ),
        Category(
            MEETING_INVITATIONS,
            _("Meeting invitations"),
            _("An invitation, with its calendar file, when you are invited to a meeting."),
            True,
        ),
        Category(
            MEETING_REMINDERS,
            _("Meeting reminders"),
            _("Reminders 7 days and 1 day before the meetings you are invited to."),
            True,
        ),
        Category(
            MEETING_CHANGES,
            _("Meeting changes"),
            _("Notices when a meeting you are invited to is moved or cancelled."),
            False,
        ),
        Category(
            MINUTES,
            _("Minutes"),
            _("Minutes circulated for comments and approved minutes."),
            True,
        ),
        Category(
            ACTION_ITEMS,
            _("Action items"),
            _("Action items assigned to you, and reminders when they are due."),
            True,
        ),
        Category(
            COORDINATOR_REMINDERS,
            _("Coordinator reminders"),
            _(
                "For coordinators: agenda proposals from members, bodies without a meeting "
                "this quarter and mandates ending."
            ),
            True,
        ),
        Category(
            ANNOUNCEMENTS,
            _("Announcements"),
            _("Announcements of the coordinators of the bodies you belong to."),
            False,
            by_frequency=True,
        ),
        Category(
            DISCUSSIONS,
            _("Discussions"),
            _("Replies in the discussion threads you take part in."),
            False,
            by_frequency=True,
        ),
        Category(
            NEW_THREADS,
            _("New threads"),
            _("New discussion threads in your mesas."),
            False,
            by_frequency=True,
        ),
        Category(
            DIGEST,
            _("Digests"),
            _("The daily or weekly summary of announcements and discussions you chose."),
            False,
            by_frequency=True,
        ),
        Category(
            MODERATION,
            _("Moderation"),
            _("Notices when a coordinator hides or restores one of your posts."),
            False,
        ),
    )
}

SWITCHABLE: tuple[str, ...] = tuple(code for code, c in CATEGORIES.items() if c.switchable)
CHOICES = [(code, c.label) for code, c in CATEGORIES.items()]


def is_switchable(code: str) -> bool:
    return CATEGORIES[code].switchable
