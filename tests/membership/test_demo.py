import pytest
from django.core.management import call_command

from mecanismo.core.models import Mesa
from membership.models import Member, MesaMembership

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_has_what_the_issue_lists():
    call_command("seed_demo", verbosity=0)
    counts = (Member.objects.count(), MesaMembership.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Member.objects.count(), MesaMembership.objects.count()) == counts
    assert Member.objects.count() >= 24
    assert len(set(Member.objects.values_list("subregion", flat=True))) == 4
    assert Member.objects.values("actor_type").distinct().count() >= 10
    assert Member.objects.filter(listed_in_directory=True).count() > counts[0] / 2
    org = Member.objects.get(contacts__user__email="member@demo.local")
    assert set(
        org.mesa_memberships.filter(status="approved").values_list("mesa__number", flat=True)
    ) == {1, 3}
    assert (
        MesaMembership.objects.filter(mesa=Mesa.objects.get(number=1), status="pending").count()
        >= 2
    )
    assert MesaMembership.objects.filter(status="left").exists()
    history = MesaMembership.objects.filter(status="left").first()
    assert MesaMembership.objects.filter(
        member=history.member, mesa=history.mesa, status="approved"
    ).exists()


def test_demo_coordinator_sees_pending_requests(client):
    from mecanismo.core.models import User

    call_command("seed_demo", verbosity=0)
    client.force_login(User.objects.get(email="coordinator1@demo.local"))
    page = client.get("/es/coordination/mr1/requests/").content.decode()
    assert "Radio Comunitaria Frontera Sur" in page
