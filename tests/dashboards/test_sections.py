"""The dashboard sections added with the outputs and the linking table (issue 15): inputs per
quarter, coverage of the 23 objectives, linking table, elections, follow-up, attendance by gender;
who sees which; the page's cost at 3 and 300 rows of each."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from dashboards import selectors, services
from mecanismo.core.demo import enrol_totp
from mecanismo.core.models import ActorType, Country, Mesa, Objective
from membership.disclosure import HIDDEN, SMALL
from membership.models import SelfDeclaration
from mesas.models import (
    Addressee,
    Attendance,
    Body,
    Indicator,
    Input,
    Recommendation,
)
from tests.factories import UserFactory, make_coordinator, make_gtsc, mesa
from tests.membership.factories import member_with_contact, membership
from tests.mesas.factories import invite, meeting
from vinculacion.models import Candidacy, Election, Mandate, Seat

pytestmark = pytest.mark.django_db

URL = "/es/dashboard/"


def _staff():
    user = UserFactory()
    make_gtsc(user)
    enrol_totp(user)
    return user


def _outputs(n: int):
    """n inputs, recommendations (with an overdue addressee each), indicators, elections with a
    candidacy each; and mandates on the mesa seats (the agency seats stay vacant)."""
    now = timezone.now()
    body = Body.objects.get(slug="mr1")
    objective = Objective.objects.get(number=7)
    author, _user = member_with_contact()
    inputs = Input.objects.bulk_create(
        Input(body=body, title=f"Aporte {i}", text="t", created_at=now - timedelta(days=i % 200))
        for i in range(n)
    )
    Input.objectives.through.objects.bulk_create(
        Input.objectives.through(input_id=i.pk, objective_id=objective.pk) for i in inputs
    )
    held = meeting("mr1", days=-5)
    recs = Recommendation.objects.bulk_create(
        Recommendation(
            body=body,
            title=f"Recomendación {i}",
            text="t",
            status="adopted",
            adopted_at_meeting=held,
            adopted_on=now.date() - timedelta(days=5),
        )
        for i in range(n)
    )
    Recommendation.objectives.through.objects.bulk_create(
        Recommendation.objectives.through(recommendation_id=r.pk, objective_id=objective.pk)
        for r in recs
    )
    Addressee.objects.bulk_create(
        Addressee(
            recommendation=r,
            country=Country.objects.get(code="MX"),
            response_due_on=now.date() - timedelta(days=2),
        )
        for r in recs
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            slug=f"ind-{i}",
            name=f"Indicador {i}",
            unit="%",
            baseline_value=1,
            baseline_period=2020,
            target_value=2,
            target_period=2030,
        )
        for i in range(n)
    )
    Indicator.objectives.through.objects.bulk_create(
        Indicator.objectives.through(indicator_id=i.pk, objective_id=objective.pk)
        for i in indicators
    )
    candidate = UserFactory()
    sector = ActorType.objects.get(code="cso")
    elections = Election.objects.bulk_create(
        Election(
            mesa=Mesa.objects.get(number=1 + i % 2),
            title=f"Elección {i}",
            nominations_open_at=now - timedelta(days=40),
            nominations_close_at=now - timedelta(days=30),
            voting_open_at=now - timedelta(days=20),
            voting_close_at=now - timedelta(days=10, minutes=i),
            term_starts_on=now.date(),
            term_ends_on=now.date() + timedelta(days=365),
            state="counted",
            result={"turnout_percent": "60.00", "electorate_size": 10, "ballots_cast": 6},
        )
        for i in range(n)
    )
    candidacies = Candidacy.objects.bulk_create(
        Candidacy(
            election=e,
            user=candidate,
            member=author,
            display_name="Ana",
            parity_gender="woman",
            network_ties="redes",
            coordination_capacity="sí",
            time_available="4 h",
            subregion="caribbean",
            sector=sector,
        )
        for e in elections
    )
    today = now.date()
    for i, seat in enumerate(Seat.objects.filter(kind="mesa").order_by("sort")):
        Mandate.objects.create(
            seat=seat,
            user=candidate,
            member=author,
            candidacy=candidacies[0],
            election=elections[0],
            starts_on=today - timedelta(days=300),
            ends_on=today + timedelta(days=30 if i == 0 else 200),
        )


@pytest.mark.parametrize("n", [3, 300])
def test_the_page_costs_the_same_at_3_and_300_rows(client, django_assert_num_queries, n):
    from tests.dashboards.test_dashboard import QUERIES

    _outputs(n)
    services.quarter_stats_refresh()
    client.force_login(_staff())
    client.get(URL)
    cache.clear()  # measure the page as built, not its cached sections
    with django_assert_num_queries(QUERIES):
        response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for key in ("inputs", "coverage", "linking_seats", "elections", "follow_up_overdue"):
        assert f'id="t-{key}"' in page, key


def _table(key, mesa_=None, everything=True):
    board = selectors.dashboard(selectors.Filters(None, mesa_, ""), everything=everything)
    return selectors.table_by_key(board.sections, key)


def test_sections_count_what_was_recorded():
    _outputs(6)
    coverage = {row[0].split(".")[0]: row[1:] for row in _table("coverage").rows}
    assert coverage["7"][1:4] == [6, 6, 6] and coverage["7"][4] == sum(coverage["7"][:4])
    assert coverage["1"] == [0, 0, 0, 0, 0]  # an objective nobody worked on
    inputs = _table("inputs")
    assert sum(row[1] for row in inputs.rows) == 6
    seats = dict(_table("linking_seats").rows)
    assert seats["Representantes elegidos"] == 8 and seats["Vacante"] == 2
    assert seats["Mandatos que terminan en 90 días"] == 1
    gender = dict(_table("linking_gender").rows)
    assert list(gender.values()) == [HIDDEN, SMALL, SMALL]  # 8 women, 0, 0: zeros are "<5" too
    ending = _table("linking_ending").rows
    assert len(ending) == 1 + 2  # one mandate ending, two vacant agency seats
    elections = _table("elections").rows
    assert len(elections) == 6 and elections[0][1] == 60.0
    overdue = _table("follow_up_overdue").rows
    assert len(overdue) == 6 and overdue[0][1] == "México"
    responses = dict(_table("follow_up_responses").rows)
    assert list(responses.values()) == [6, 0, 0, 0, 0]


def test_a_coordinator_sees_their_mesa_and_not_the_linking_table(client):
    _outputs(4)
    services.quarter_stats_refresh()
    user = UserFactory()
    make_coordinator(user, 2)
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert 'id="s-linking_table"' not in page and 'id="s-elections"' in page
    assert "MR 1 ·" not in page and "MR 2 ·" in page  # elections of their own mesa only
    assert client.get("/es/dashboard/export/linking_gender.csv").status_code == 404
    response = client.get("/es/dashboard/export/elections.csv")
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "MR 2" in body and "MR 1 " not in body


def test_attendance_by_gender_is_frozen_once_the_quarter_is_over():
    mesa(1)
    now = timezone.now()
    last = services.quarters_between(now.date() - timedelta(days=100), now.date())[-2]
    held = meeting("mr1", days=(last + timedelta(days=20) - now.date()).days)
    people = []
    for i in range(14):
        member, user = member_with_contact()
        membership(member, 1, decided_at=now - timedelta(days=300))
        SelfDeclaration.objects.create(user=user, gender=("woman", "man")[i % 2])
        invite(held, user, member, attendance=Attendance.PRESENT if i % 3 else Attendance.ABSENT)
        people.append(user)
    services.quarter_stats_refresh()
    before = _table("attendance_by_gender", Mesa.objects.get(number=1)).rows
    assert before[0][1] == HIDDEN and before[1][1] in range(5, 10)  # 7 and 7: the largest hidden
    assert [row[1] for row in before[2:]] == [SMALL, SMALL, SMALL]  # zeros look like "<5"
    SelfDeclaration.objects.filter(user__in=people).update(gender="non_binary")
    services.quarter_stats_refresh()
    assert _table("attendance_by_gender", Mesa.objects.get(number=1)).rows == before
