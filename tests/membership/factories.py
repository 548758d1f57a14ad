"""Factories of the membership app's tests."""

import factory

from mecanismo.core.models import ActorType, Country, Mesa
from membership.models import (
    ContactPerson,
    ContactStatus,
    Member,
    MemberKind,
    MembershipStatus,
    MesaMembership,
)
from tests.factories import UserFactory


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    kind = MemberKind.ORGANISATION
    name = factory.Sequence(lambda n: f"Organización Número {n}")
    actor_type = factory.LazyFunction(lambda: ActorType.objects.get(code="cso"))
    country = factory.LazyFunction(lambda: Country.objects.get(code="MX"))
    description = "Trabajamos con personas migrantes."
    listed_in_directory = True


def member_with_contact(user=None, **kwargs):
    """A member and its approved contact person (a new user unless given)."""
    user = user or UserFactory()
    member = MemberFactory(**kwargs)
    ContactPerson.objects.create(member=member, user=user, status=ContactStatus.APPROVED)
    return member, user


def membership(member, mesa_number=1, status=MembershipStatus.APPROVED, **kwargs):
    return MesaMembership.objects.create(
        member=member, mesa=Mesa.objects.get(number=mesa_number), status=status, **kwargs
    )
