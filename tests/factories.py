"""Factories shared by every app's tests (apps add theirs in tests/<app>/factories.py)."""

import factory
from allauth.account.models import EmailAddress

from mecanismo.core.models import Agency, Mesa, Role, RoleAssignment, User

PASSWORD = "Correct-horse-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="es_MX")
    language = "es"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


def mesa(number: int = 1) -> Mesa:
    return Mesa.objects.get(number=number)


def make_coordinator(user: User, mesa_number: int = 1) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=Role.COORDINATOR, mesa=mesa(mesa_number))


def make_gtsc(user: User, agency_code: str = "iom") -> RoleAssignment:
    return RoleAssignment.objects.create(
        user=user, role=Role.GTSC_STAFF, agency=Agency.objects.get(code=agency_code)
    )


def make_linking_table_member(user: User, *, days_left: int = 200, seat_code: str = ""):
    """Sit `user` on the linking table the way the portal does (§5): a current mandate on the
    given seat, or the first elected seat free for the term (seats loaded if a flush removed
    them). Returns the mandate."""
    import datetime
    from importlib import import_module

    from django.apps import apps
    from django.utils import timezone

    from vinculacion.models import Mandate, Seat

    import_module("vinculacion.migrations.0002_seats_and_exclusion").load(apps)
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=10), today + datetime.timedelta(days=days_left)
    busy = Mandate.objects.filter(starts_on__lt=end, ends_on__gt=start).values("seat_id")
    seats = Seat.objects.filter(code=seat_code) if seat_code else Seat.objects.filter(kind="mesa")
    seat = seats.exclude(pk__in=busy).order_by("sort").first()
    assert seat is not None, "no free elected seat for a linking-table member"
    if hasattr(user, "_linking_table_cache"):
        del user._linking_table_cache
    return Mandate.objects.create(seat=seat, user=user, starts_on=start, ends_on=end)
