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
