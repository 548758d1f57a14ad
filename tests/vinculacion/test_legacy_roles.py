"""Migration 0004 moves the hand-assigned linking-table roles over to mandates (§5: the linking
table is derived from mandates and designations only), ending every such role and saying in
the audit log what became of it."""

from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from mecanismo.core.models import Agency, AuditLog, Role, RoleAssignment
from tests.factories import UserFactory
from tests.membership.factories import member_with_contact, membership
from vinculacion import selectors
from vinculacion.models import Mandate

pytestmark = pytest.mark.django_db

migration = import_module("vinculacion.migrations.0004_legacy_linking_table_roles")


def _legacy(user, **kw):
    return RoleAssignment.objects.create(user=user, role=Role.LINKING_TABLE, **kw)


def _outcome(role):
    entry = AuditLog.objects.get(action="linking_table_role.migrated", target_id=str(role.pk))
    return entry.data


def test_a_member_of_a_mesa_gets_a_mandate_on_a_free_seat_of_it():
    member, user = member_with_contact()
    membership(member, 2)
    role = _legacy(user)
    assert migration.migrate_legacy_roles(apps) == {"mandate": 1, "ended": 0}
    mandate = Mandate.objects.get(user=user)
    assert mandate.seat.code == "mr2-1" and mandate.member == member
    assert mandate.starts_on == timezone.localdate()
    assert _outcome(role) == {"outcome": "mandate", "mandate_id": mandate.pk}
    role.refresh_from_db()
    assert role.ends_on < timezone.localdate()
    assert user.pk in selectors.linking_table_user_ids()


def test_a_person_with_no_mesa_only_has_the_role_ended():
    user = UserFactory()
    role = _legacy(user)
    assert migration.migrate_legacy_roles(apps) == {"mandate": 0, "ended": 1}
    assert not Mandate.objects.exists()
    assert _outcome(role) == {"outcome": "ended", "mandate_id": None}
    assert user.pk not in selectors.linking_table_user_ids()
    assert not RoleAssignment.objects.active().filter(role=Role.LINKING_TABLE).exists()


def test_a_role_naming_an_agency_becomes_an_agency_seat():
    user = UserFactory()
    undp = Agency.objects.get(code="undp")
    _legacy(user, agency=undp)
    migration.migrate_legacy_roles(apps)
    mandate = Mandate.objects.get(agency=undp)
    assert mandate.seat.kind == "agency" and mandate.user == user


def test_occupied_seats_are_not_taken_and_ended_roles_are_left_alone():
    import datetime

    first_member, first = member_with_contact()
    second_member, second = member_with_contact()
    third_member, third = member_with_contact()
    for m in (first_member, second_member, third_member):
        membership(m, 1)
    for user in (first, second, third):
        _legacy(user)
    old = _legacy(UserFactory(), ends_on=timezone.localdate() - datetime.timedelta(days=3))
    assert migration.migrate_legacy_roles(apps) == {"mandate": 2, "ended": 1}
    assert sorted(Mandate.objects.values_list("seat__code", flat=True)) == ["mr1-1", "mr1-2"]
    assert not AuditLog.objects.filter(target_id=str(old.pk)).exists()


def test_the_hand_assigned_role_cannot_be_given_again():
    from django.core.exceptions import ValidationError

    from mecanismo.core.services import role_assign

    with pytest.raises(ValidationError):
        role_assign(actor=None, user=UserFactory(), role=Role.LINKING_TABLE)
    with pytest.raises(ValidationError):
        RoleAssignment(user=UserFactory(), role=Role.LINKING_TABLE).full_clean()
