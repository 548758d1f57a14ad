"""Bringing existing members in (issue 14): a CSV or XLSX file of organisations, individual
members, their contact persons and mesas; a dry run; one transaction; undo as a batch; an
invitation per person; and the reverse, the members list of a mesa as a file.

Our own service over the csv module and openpyxl, not django-import-export: one row of the file
writes four models (account, member, contact person, mesa memberships), must follow the
registration's duplicate rule and invite people instead of enrolling them. A resource per model
would split that over hooks; here it is one function per step (README, "Importing existing
members").

A row is one person: an individual member, or one contact person of an organisation (several rows
with the same organisation name and country make one organisation with several contacts).
Imported people are **invited**: their contact row and their member's mesa memberships carry the
status `invited` until they set a password and accept the privacy notice themselves
(`invitation_accept`), so no directory, list or statistic counts them before (every reader filters
on `approved`). Sensitive answers (§9) are never imported: such columns are ignored and the dry
run says so.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mecanismo.core.permissions import is_admin
from mecanismo.core.services import audit_record
from mecanismo.outbox import keys
from mecanismo.outbox.services import absolute_url, outbox_cancel_pending

from ..models import (
    ContactPerson,
    ContactStatus,
    ImportStatus,
    Member,
    MemberImport,
    MemberKind,
    MembershipStatus,
    MesaMembership,
)
from ._common import _email
from .import_rows import (  # noqa: F401 - COLUMNS and MAX_IMPORT_ROWS are read by the pages and tests
    COLUMNS,
    MAX_IMPORT_ROWS,
    Outcome,
    RowReport,
    can_import_members,
    import_file_read,
    import_rows_check,
    import_summary,
    note_text,
)
from .invitations import INVITATION_DAYS, invitation_token


@transaction.atomic
def member_import_prepare(*, actor, upload) -> MemberImport:
    """Read and check a file without importing anything (the dry run): the rows and their
    report are kept under a random token for `actor` only. Raises ValidationError for a file
    that cannot be read (nothing is kept then)."""
    if not can_import_members(actor):
        raise PermissionDenied
    rows, notes = import_file_read(upload)
    reports = import_rows_check(rows)
    # Dry runs nobody imported are only useful for a day.
    MemberImport.objects.filter(
        created_by=actor,
        status=ImportStatus.DRY_RUN,
        created_at__lt=timezone.now() - timedelta(days=1),
    ).delete()
    return MemberImport.objects.create(
        token=uuid.uuid4(),
        created_by=actor,
        filename=str(getattr(upload, "name", "") or "")[:200],
        rows=rows,
        notes=notes,
        report=[_public(asdict(r)) for r in reports],
    )


def _public(report: dict) -> dict:
    """What the dry-run page shows of a row (no cleaned ids)."""
    return {k: v for k, v in report.items() if k != "values"}


def member_import_for(*, actor, token) -> MemberImport | None:
    """The batch of this token if `actor` made it (or is an admin); None otherwise."""
    batch = MemberImport.objects.filter(token=token).first()
    if batch is None or not can_import_members(actor):
        return None
    if batch.created_by_id != actor.pk and not is_admin(actor):
        return None
    return batch


@transaction.atomic
def member_import_run(*, actor, token) -> MemberImport:
    """Import the checked rows in one transaction (issue 14). The rows are checked again (the
    portal may have changed since the dry run); rows in error or likely duplicates are skipped.
    A second submit of the same batch does nothing and returns it (idempotent). Each person is
    invited through the outbox, in their language; nothing is approved until they accept."""
    batch = (
        MemberImport.objects.select_for_update(of=("self",))
        .filter(pk=getattr(member_import_for(actor=actor, token=token), "pk", None))
        .first()
    )
    if batch is None:
        raise PermissionDenied
    if batch.status != ImportStatus.DRY_RUN:
        return batch
    reports = import_rows_check(batch.rows)
    now = timezone.now()
    users_model = get_user_model()
    created = {"users": [], "members": [], "contacts": [], "memberships": []}
    members_by_line: dict[int, Member] = {}
    invitations = []
    for report in reports:
        if report.outcome not in (Outcome.CREATE, Outcome.CONTACT):
            continue
        values = report.values
        if report.outcome == Outcome.CREATE:
            member = Member(
                kind=values["kind"],
                name=values["name"],
                actor_type_id=values["actor_type"],
                country_id=values["country"],
                website=values["website"],
                description=values["description"],
                works_local=values["works_local"],
                works_national=values["works_national"],
                works_regional=values["works_regional"],
                gathers_networks=values["gathers_networks"],
                listed_in_directory=False,  # listing is the member's own choice (§3)
            )
            member.save()
            members_by_line[report.line] = member
            created["members"].append(member.pk)
            for mesa_id in values["mesas"]:
                membership = MesaMembership.objects.create(
                    member=member,
                    mesa_id=mesa_id,
                    status=MembershipStatus.INVITED,
                    requested_at=now,
                    requested_by=actor,
                    decided_at=now,
                    decided_by=actor,
                )
                created["memberships"].append(membership.pk)
        else:
            member = members_by_line[values["same_as"]]
        user = users_model(
            email=values["email"], full_name=values["contact_name"], language=values["language"]
        )
        user.set_unusable_password()
        user.save()
        created["users"].append(user.pk)
        contact = ContactPerson.objects.create(
            member=member,
            user=user,
            status=ContactStatus.INVITED,
            position=values["position"],
            requested_at=now,
            decided_by=actor,
        )
        created["contacts"].append(contact.pk)
        invitations.append((contact, user, member))
    for contact, user, member in invitations:
        _invitation_send(contact, user, member, key=keys.member_invited(contact))
    batch.status = ImportStatus.IMPORTED
    batch.imported_at = now
    batch.created = created
    batch.report = [_public(asdict(r)) for r in reports]
    batch.save(update_fields=["status", "imported_at", "created", "report"])
    audit_record(
        actor=actor,
        action="members.imported",
        target=batch,
        members=len(created["members"]),
        people=len(created["users"]),
        skipped=len(reports) - len(created["users"]),
    )
    return batch


def _invitation_send(contact, user, member, *, key: str) -> None:
    """The invitation e-mail of one imported person, in their language, with a fresh link."""
    _email(
        key=key,
        user=user,
        template="membership/email/invitation",
        context={
            "member_name": member.name,
            "individual": member.kind == MemberKind.INDIVIDUAL,
            "url": absolute_url(
                "membership:invitation_accept", user.language, token=invitation_token(contact)
            ),
            "days": INVITATION_DAYS,
        },
    )


def member_import_waiting(batch: MemberImport) -> int:
    """How many people of the batch have not accepted their invitation yet."""
    return ContactPerson.objects.filter(
        pk__in=batch.created.get("contacts", []), status=ContactStatus.INVITED
    ).count()


@transaction.atomic
def member_import_resend(*, actor, token) -> int:
    """Send the invitation again, with a new link valid `INVITATION_DAYS`, to every person of an
    import who has not accepted it yet (a lost e-mail, an expired link). At most once per person
    and day (outbox key), so a double submit mails nobody twice. Returns how many were invited
    again; audited."""
    batch = (
        MemberImport.objects.select_for_update(of=("self",))
        .filter(pk=getattr(member_import_for(actor=actor, token=token), "pk", None))
        .first()
    )
    if batch is None:
        raise PermissionDenied
    if batch.status != ImportStatus.IMPORTED:
        raise ValidationError(
            _("Only the invitations of an import that was carried out can be sent again.")
        )
    waiting = ContactPerson.objects.filter(
        pk__in=batch.created.get("contacts", []), status=ContactStatus.INVITED
    ).select_related("user", "member")
    today = timezone.localdate()
    count = 0
    for contact in waiting:
        _invitation_send(
            contact, contact.user, contact.member, key=keys.member_invited_again(contact, today)
        )
        count += 1
    audit_record(actor=actor, action="members.invitations_resent", target=batch, people=count)
    return count


def member_import_undo_blockers(batch: MemberImport) -> int:
    """How many people of the batch already accepted their invitation (undo is refused then)."""
    return (
        ContactPerson.objects.filter(pk__in=batch.created.get("contacts", []))
        .exclude(status=ContactStatus.INVITED)
        .count()
    )


@transaction.atomic
def member_import_undo(*, actor, token) -> MemberImport:
    """Remove everything an import wrote (issue 14), as long as nobody it invited has accepted
    yet: accounts, contact rows, members, mesa memberships. Audited."""
    found = member_import_for(actor=actor, token=token)
    batch = (
        MemberImport.objects.select_for_update(of=("self",))
        .filter(pk=getattr(found, "pk", None))
        .first()
    )
    if batch is None:
        raise PermissionDenied
    if batch.status != ImportStatus.IMPORTED:
        raise ValidationError(_("Only an import that was carried out can be undone."))
    accepted = member_import_undo_blockers(batch)
    if accepted:
        raise ValidationError(
            ngettext(
                "%(n)s person of this import has already accepted the invitation: it can no "
                "longer be undone. Archive members one by one instead.",
                "%(n)s people of this import have already accepted the invitation: it can no "
                "longer be undone. Archive members one by one instead.",
                accepted,
            )
            % {"n": accepted}
        )
    ids = batch.created
    contacts = ContactPerson.objects.filter(pk__in=ids.get("contacts", []))
    withdrawn = outbox_cancel_pending(keys.member_invited(c) for c in contacts)
    MesaMembership.objects.filter(pk__in=ids.get("memberships", [])).delete()
    ContactPerson.objects.filter(pk__in=ids.get("contacts", [])).delete()
    Member.objects.filter(pk__in=ids.get("members", [])).delete()
    get_user_model().objects.filter(pk__in=ids.get("users", []), last_login__isnull=True).delete()
    batch.status = ImportStatus.UNDONE
    batch.undone_at = timezone.now()
    batch.save(update_fields=["status", "undone_at"])
    audit_record(
        actor=actor,
        action="members.import_undone",
        target=batch,
        members=len(ids.get("members", [])),
        people=len(ids.get("users", [])),
        invitations_withdrawn=withdrawn,
    )
    return batch
