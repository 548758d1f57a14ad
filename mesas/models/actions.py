"""The actions a person may take on an object with states (STYLE: one function says what may
happen now). `mesas.permissions.*_actions(user, obj)` returns a set of these members; pages show
one button per member, each posting to its own endpoint; services refuse anything else. The
label is the button's text."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MinutesAction(models.TextChoices):
    SAVE = "save", _("Save the draft")
    CIRCULATE = "circulate", _("Save and circulate for comments")
    APPROVE = "approve", _("Approve the minutes and publish the PDF")
    CORRECT = "correct", _("Prepare a correction")
    COMMENT = "comment", _("Add my comment")


class ProposalAction(models.TextChoices):
    ACCEPT = "accept", _("Accept (add to the agenda)")
    DECLINE = "decline", _("Decline")


class ActionItemAction(models.TextChoices):
    """Status changes of an action item (the target status is the action's value)."""

    DONE = "done", _("Mark done")
    DROP = "dropped", _("Drop")
    REOPEN = "open", _("Open again")


class MeetingAction(models.TextChoices):
    """What the meeting page offers (links to the pages where each is done)."""

    EDIT = "edit", _("Edit or move")
    AGENDA = "agenda", _("Agenda and documents")
    PROPOSALS = "proposals", _("Agenda proposals")
    ATTENDANCE = "attendance", _("Attendance")
    OUTCOMES = "outcomes", _("Agreements and action items")
    MINUTES = "minutes", _("Minutes")
    CANCEL = "cancel", _("Cancel the meeting")
    RSVP = "rsvp", _("Reply")
    PROPOSE = "propose", _("Propose an agenda item")
    COMMENT_MINUTES = "comment_minutes", _("Read and comment on the draft minutes")
