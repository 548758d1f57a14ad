"""The linking table used to be a role typed in by hand (RoleAssignment role "linking_table");
it is now derived from the current mandates and agency designations only (§5, issue 12). This
migration moves every open hand-assigned row over, once:

- a row naming an agency becomes a mandate of that agency on a UN-agency seat that is free for
  the whole term (today to the row's end, or one year);
- a row of a person who acts for a member with approved membership of a mesa becomes a mandate
  on a seat of that mesa that is free for the whole term (seat 1 first);
- otherwise nothing can sit them on the table, and the row is only ended.

Every row is then ended (yesterday, so it no longer counts today) and the audit log gets one
entry `linking_table_role.migrated` saying what happened (`outcome`: "mandate" or "ended",
and the mandate's id). Reversing leaves the data as it is (the mandates are real history)."""

import datetime

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

LEGACY_ROLE = "linking_table"


def _one_year_later(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _free_seat(Mandate, seats, start, end):
    """The first seat with no mandate overlapping [start, end)."""
    for seat in seats:
        taken = Mandate.objects.filter(seat=seat, starts_on__lt=end, ends_on__gt=start).exists()
        if not taken:
            return seat
    return None


def _mandate_for(apps, row, start, end):
    Seat = apps.get_model("vinculacion", "Seat")
    Mandate = apps.get_model("vinculacion", "Mandate")
    if row.agency_id:
        if Mandate.objects.filter(
            agency_id=row.agency_id, starts_on__lt=end, ends_on__gt=start
        ).exists():
            return None
        seat = _free_seat(
            Mandate, Seat.objects.filter(kind="agency").order_by("number"), start, end
        )
        if seat is not None:
            return Mandate.objects.create(
                seat=seat,
                agency_id=row.agency_id,
                user_id=row.user_id,
                starts_on=start,
                ends_on=end,
            )
        return None
    ContactPerson = apps.get_model("membership", "ContactPerson")
    MesaMembership = apps.get_model("membership", "MesaMembership")
    contact = (
        ContactPerson.objects.filter(user_id=row.user_id, status="approved").order_by("pk").first()
    )
    if contact is None:
        return None
    mesa_ids = MesaMembership.objects.filter(member_id=contact.member_id, status="approved").values(
        "mesa_id"
    )
    seats = Seat.objects.filter(kind="mesa", mesa_id__in=mesa_ids).order_by("sort")
    seat = _free_seat(Mandate, seats, start, end)
    if seat is None:
        return None
    return Mandate.objects.create(
        seat=seat, user_id=row.user_id, member_id=contact.member_id, starts_on=start, ends_on=end
    )


def migrate_legacy_roles(apps, schema_editor=None, today=None):
    """Turn the open hand-assigned linking-table roles into mandates where possible and end
    them all (see the module docstring). Returns {"mandate": n, "ended": n}."""
    RoleAssignment = apps.get_model("core", "RoleAssignment")
    AuditLog = apps.get_model("core", "AuditLog")
    today = today or timezone.localdate()
    rows = RoleAssignment.objects.filter(role=LEGACY_ROLE).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    counts = {"mandate": 0, "ended": 0}
    for row in rows.order_by("pk"):
        start = max(row.starts_on, today)
        end = row.ends_on + datetime.timedelta(days=1) if row.ends_on else _one_year_later(start)
        mandate = _mandate_for(apps, row, start, end) if end > start else None
        outcome = "mandate" if mandate is not None else "ended"
        counts[outcome] += 1
        row.ends_on = today - datetime.timedelta(days=1)
        row.save(update_fields=["ends_on"])
        AuditLog.objects.create(
            actor=None,
            action="linking_table_role.migrated",
            target_type="core.roleassignment",
            target_id=str(row.pk),
            target_repr=f"role {row.pk} (user {row.user_id})",
            data={"outcome": outcome, "mandate_id": mandate.pk if mandate else None},
        )
    return counts


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_privacy_notice_usted"),
        ("membership", "0005_disclosure_keys_releases"),
        ("vinculacion", "0003_integrated_strategy"),
    ]

    operations = [migrations.RunPython(migrate_legacy_roles, migrations.RunPython.noop)]
