"""Issue 12 'done when', tried as people would in a browser: a coordinator opens an election,
three candidates of two genders stand, members vote (two contacts of one organisation cannot
both vote), voting closes, the tally publishes two seats with parity and the ballot list, a
voter finds their tracker in it, the stand-alone verifier agrees, the mandates appear on the
linking-table page and in the API, and a third consecutive candidacy is refused with its
reason. Time passes by moving the election's dates in the database (nothing else is faked)."""

import datetime
import json
import re
import subprocess
import sys
import zoneinfo
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.test import Client
from django.utils import timezone

from membership.models import ContactPerson, ContactStatus
from tests.e2e.conftest import visit
from tests.factories import UserFactory
from tests.vinculacion import factories as f
from vinculacion import tally
from vinculacion.models import Election, Mandate, Seat

PANAMA = zoneinfo.ZoneInfo("America/Panama")


def _login(browser, live_server, user):
    client = Client()
    client.force_login(user)
    ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="es-ES")
    ctx.set_default_timeout(15_000)
    ctx.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return ctx, ctx.new_page()


def _local(dt):
    return timezone.localtime(dt, PANAMA).strftime("%Y-%m-%dT%H:%M")


def _step(page, election_id, label):
    visit(page, f"/es/elections/{election_id}/manage/")
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()
    assert "Hecho." in page.content(), page.content()


def _stand(page, election_id, name, gender):
    visit(page, f"/es/elections/{election_id}/")
    page.get_by_role("link", name="Presentar mi candidatura").click()
    page.wait_for_url(f"**/elections/{election_id}/stand/")
    page.locator("#id_display_name").fill(name)
    page.locator("#id_parity_gender").select_option(gender)
    page.locator("#id_network_ties").fill("Red de organizaciones de base")
    page.locator("#id_advocacy_national").check()
    page.locator("#id_coordination_capacity").fill("Coordino la red nacional.")
    page.locator("#id_time_available").fill("Cuatro horas por semana")
    page.locator("#id_public").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/elections/{election_id}/")
    assert "Su candidatura quedó registrada y es pública." in page.content()


def test_an_election_from_announcement_to_verified_mandates(
    browser, live_server, reference_data, tmp_path
):
    import_module("vinculacion.migrations.0002_seats_and_exclusion").load(apps)
    coordinator = f.coordinator(1)
    people = {}
    for key in ("lucia", "andres", "marta", "veterana"):
        people[key] = f.voter(1)[1]
    org_a, ana = f.voter(1, name="Red de Mujeres Migrantes")
    beto = UserFactory()
    ContactPerson.objects.create(member=org_a, user=beto, status=ContactStatus.APPROVED)
    _org_b, carla = f.voter(1, name="Colectivo Frontera Sur")
    contexts = []
    try:
        pages = {}
        for key, user in {
            "coord": coordinator,
            **people,
            "ana": ana,
            "beto": beto,
            "carla": carla,
        }.items():
            ctx, pages[key] = _login(browser, live_server, user)
            contexts.append(ctx)
        cpage = pages["coord"]

        # 1. The coordinator announces the election and opens nominations.
        now = timezone.now()
        visit(cpage, "/es/coordination/mr1/elections/new/")
        cpage.locator("#id_title").fill("Elección de representantes MR 1")
        cpage.locator("#id_nominations_open_at").fill(_local(now - datetime.timedelta(hours=1)))
        cpage.locator("#id_nominations_close_at").fill(_local(now + datetime.timedelta(days=1)))
        cpage.locator("#id_voting_open_at").fill(_local(now + datetime.timedelta(days=2)))
        cpage.locator("#id_voting_close_at").fill(_local(now + datetime.timedelta(days=3)))
        term = (now + datetime.timedelta(days=4)).date()
        cpage.locator("#id_term_starts_on").fill(term.isoformat())
        cpage.locator("main form button[type=submit]").click()
        cpage.wait_for_url(re.compile(r"/es/elections/\d+/manage/$"))
        election = Election.objects.get()
        _step(cpage, election.pk, "Abrir las candidaturas")

        # 2. A person who served the two previous terms is refused, with the mandates named.
        veterana = people["veterana"]
        member = ContactPerson.objects.get(user=veterana).member
        seat = Seat.objects.get(code="mr1-1")
        for years in (2, 1):
            start = term.replace(year=term.year - years)
            Mandate.objects.create(
                seat=seat,
                user=veterana,
                member=member,
                starts_on=start,
                ends_on=start.replace(year=start.year + 1),
            )
        visit(pages["veterana"], f"/es/elections/{election.pk}/stand/")
        refusal = pages["veterana"].locator("main .alert-warning").inner_text()
        assert "tercer mandato consecutivo" in refusal and "MR 1, puesto 1" in refusal

        # 3. Three candidates of two genders stand.
        _stand(pages["lucia"], election.pk, "Lucía Ramírez", "woman")
        _stand(pages["andres"], election.pk, "Andrés Castillo", "man")
        _stand(pages["marta"], election.pk, "Marta Quintero", "woman")

        # 4. Nominations close, the electorate is frozen, voting opens.
        now = timezone.now()
        Election.objects.filter(pk=election.pk).update(
            nominations_open_at=now - datetime.timedelta(days=2),
            nominations_close_at=now - datetime.timedelta(minutes=2),
            voting_open_at=now - datetime.timedelta(minutes=1),
            voting_close_at=now + datetime.timedelta(days=1),
        )
        _step(cpage, election.pk, "Cerrar las candidaturas y fijar el electorado")
        _step(cpage, election.pk, "Abrir la votación")
        cands = {c.display_name: c for c in election.candidacies.all()}

        # 5. Ana votes for two; a third box is a form error; her colleague Beto cannot vote.
        apage = pages["ana"]
        visit(apage, f"/es/elections/{election.pk}/vote/")
        for name in cands:
            apage.get_by_label(name).check()
        apage.get_by_role("button", name="Emitir mi voto").click()
        apage.wait_for_load_state()
        assert "Apruebe como máximo dos candidaturas." in apage.content()
        apage.get_by_label("Marta Quintero").uncheck()
        apage.get_by_role("button", name="Emitir mi voto").click()
        apage.wait_for_load_state()
        tracker = apage.locator("#tracker").inner_text()
        assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", tracker)
        visit(pages["beto"], f"/es/elections/{election.pk}/vote/")
        assert "Su organización ya votó en esta elección." in pages["beto"].content()
        visit(pages["carla"], f"/es/elections/{election.pk}/vote/")
        pages["carla"].get_by_label("Marta Quintero").check()
        pages["carla"].get_by_role("button", name="Emitir mi voto").click()
        pages["carla"].wait_for_load_state()
        assert pages["carla"].locator("#tracker").count() == 1
        # Lucía's organisation votes for her alone: 2 votes to 1 and 1, so the result does not
        # depend on the tie draw (seat 2 then goes to Andrés, the only candidate of another gender).
        visit(pages["lucia"], f"/es/elections/{election.pk}/vote/")
        pages["lucia"].get_by_label("Lucía Ramírez").check()
        pages["lucia"].get_by_role("button", name="Emitir mi voto").click()
        pages["lucia"].wait_for_load_state()
        assert pages["lucia"].locator("#tracker").count() == 1

        # 6. Voting closes; the coordinator counts and publishes.
        now = timezone.now()
        Election.objects.filter(pk=election.pk).update(
            voting_close_at=now - datetime.timedelta(minutes=1),
            term_starts_on=now.date(),
            term_ends_on=now.date().replace(year=now.year + 1),
        )
        _step(cpage, election.pk, "Cerrar la votación y escrutar")
        _step(cpage, election.pk, "Publicar los resultados")

        # 7. Anyone sees two seats with parity and the ballot list; Ana finds her ballot.
        visitor = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="es-ES")
        contexts.append(visitor)
        vpage = visitor.new_page()
        visit(vpage, f"/es/elections/{election.pk}/")
        text = vpage.locator("main").inner_text()
        assert "Paridad de género cumplida." in text
        assert tally.fingerprint(tracker) in text
        election.refresh_from_db()
        elected = election.result["elected"]
        assert elected == [cands["Lucía Ramírez"].pk, cands["Andrés Castillo"].pk]

        # 8. The stand-alone verifier agrees with the published JSON.
        results = vpage.request.get(f"/api/v1/elections/{election.pk}/results/").json()
        ballots = vpage.request.get(f"/api/v1/elections/{election.pk}/ballots/").json()
        (tmp_path / "results.json").write_text(json.dumps(results))
        (tmp_path / "ballots.json").write_text(json.dumps(ballots))
        run = subprocess.run(
            [
                sys.executable,
                "-I",
                "-S",
                str(Path(tally.__file__)),
                "--results",
                "results.json",
                "--ballots",
                "ballots.json",
                "--tracker",
                tracker,
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        assert "Your ballot is in the list: Lucía Ramírez, Andrés Castillo" in run.stdout

        # 9. The mandates appear on the linking-table page and in the API.
        visit(vpage, "/es/linking-table/")
        table = vpage.locator("main table").first.inner_text()
        assert "Lucía Ramírez" in table and "Andrés Castillo" in table
        seats = {s["seat"]: s for s in vpage.request.get("/api/v1/linking-table/").json()["seats"]}
        assert seats["mr1-1"]["holder"] == "Lucía Ramírez"
        assert seats["mr1-2"]["holder"] == "Andrés Castillo" and seats["mr2-1"]["vacant"]
    finally:
        for ctx in contexts:
            ctx.close()
