"""The composition page of a mesa in the browser (§8, §9): its coordinator reaches it from the
member list, every table is accessible (axe), and a single non-binary person among six shows as
"<5" next to a hidden cell, in Spanish and in French."""

import pytest

from membership.models import SelfDeclaration
from tests.e2e.conftest import assert_accessible, visit
from tests.factories import PASSWORD, UserFactory, make_coordinator
from tests.membership.factories import member_with_contact, membership


@pytest.mark.parametrize("lang,hidden", [("es", "oculto"), ("fr", "masqué")])
def test_coordinator_reads_the_composition_with_small_cells_suppressed(page, lang, hidden):
    for gender in ["woman"] * 5 + ["non_binary"]:
        member, user = member_with_contact()
        membership(member, 1)
        SelfDeclaration.objects.create(user=user, gender=gender)
    coordinator = UserFactory()
    make_coordinator(coordinator, 1)

    visit(page, f"/{lang}/accounts/login/")
    page.locator("input[name=login]").fill(coordinator.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()

    visit(page, f"/{lang}/coordination/mr1/members/")
    page.locator("main a[href$='/coordination/mr1/composition/']").click()
    page.wait_for_url(f"**/{lang}/coordination/mr1/composition/")
    assert_accessible(page, f"composition {lang}")

    gender = page.locator("section[aria-labelledby=b-gender] table")
    assert gender.locator("caption").count() == 1
    cells = gender.locator("tbody td").all_inner_texts()
    assert cells.count("<5") == 4 and cells.count(hidden) == 1
    assert "1" not in cells and "5" not in cells
