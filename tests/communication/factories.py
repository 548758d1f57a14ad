"""Helpers of the communication tests: members of a mesa, coordinators, threads."""

from communication import services
from communication.models import Visibility
from mesas.models import Body
from tests.factories import UserFactory, make_coordinator
from tests.mesas.factories import member_in_mesa


def body(slug: str = "mr1") -> Body:
    return Body.objects.get(slug=slug)


def member(mesa_number: int = 1, **kwargs):
    """A user acting for an organisation approved in the mesa."""
    return member_in_mesa(mesa_number, **kwargs)[1]


def coordinator(mesa_number: int = 1):
    user = UserFactory()
    make_coordinator(user, mesa_number)
    return user


def thread(author, *, slug="mr1", title="Vías regulares", text="Hola", visibility=None):
    return services.thread_start(
        actor=author,
        body=body(slug),
        title=title,
        text=text,
        visibility=visibility or Visibility.MEMBERS,
    )
