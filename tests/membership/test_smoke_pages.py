import pytest

from tests.factories import UserFactory
from tests.membership.factories import member_with_contact, membership

pytestmark = pytest.mark.django_db


def test_pages_render_for_a_contact(client):
    member, user = member_with_contact()
    membership(member, 1)
    client.force_login(user)
    for path in [
        "/es/my-mesas/",
        "/es/my-data/",
        "/es/directory/",
        f"/es/members/{member.pk}/",
        "/es/mesas/mr1/",
        "/es/my-data/delete/",
        "/es/contact-requests/",
    ]:
        r = client.get(path)
        assert r.status_code == 200, path


def test_register_redirects_new_user_to_privacy(client):
    client.force_login(UserFactory())
    r = client.get("/es/register/")
    assert r.status_code == 302 and r["Location"].endswith("/register/privacy/")
    assert client.get(r["Location"]).status_code == 200
