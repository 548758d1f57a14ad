"""The dashboard's tables, exports, report and history (§8, §9, §10)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from dashboards import services
from dashboards.models import EventKind, MembershipEvent, QuarterStat
from mecanismo.core.demo import enrol_totp
from mecanismo.core.models import AuditLog, Country
from mecanismo.documents.models import Document
from membership import services as membership_services
from membership.models import MembershipStatus, SelfDeclaration
from tests.factories import UserFactory, make_coordinator, make_gtsc, mesa
from tests.membership.factories import member_with_contact, membership

pytestmark = pytest.mark.django_db

URL = "/es/dashboard/"
# session, user, roles, MFA check, mesas, the stamp, quarter rows, objectives, the release,
# actor types, countries, the release's actor type names; inputs per quarter; inputs,
# recommendations and indicators per objective; seats, mandates; elections, candidacies;
# responses, implementation, overdue; the report's document.
QUERIES = 24


def _staff():
    user = UserFactory()
    make_gtsc(user)
    enrol_totp(user)
    return user


def _joined(mesa_number=1, *, at=None, answers=None, **member_kwargs):
    member, user = member_with_contact(**member_kwargs)
    row = membership(member, mesa_number, decided_at=at or timezone.now())
    services.membership_event_record(membership=row, kind=EventKind.JOINED)
    if answers:
        SelfDeclaration.objects.create(user=user, **answers)
    return member, user, row


def _sections(response) -> str:
    html = response.content.decode()
    return html[html.index('id="s-members"') : html.index('id="report"')]


def _refresh(now=None):
    services.quarter_stats_refresh(now=now)
    services.dashboard_releases_refresh(now=now)


@pytest.mark.parametrize("n", [3, 30])
def test_the_page_costs_the_same_at_3_and_30_members(client, django_assert_num_queries, n):
    for i in range(n):
        _joined(1 + i % 2, answers={"gender": ("woman", "man")[i % 2]})
    _refresh()
    client.force_login(_staff())
    # Built: session, user, roles, mesas, the release, the stamp, quarter rows, actor types,
    # countries, the release's actor type names, objectives, the report's document, MFA check.
    with django_assert_num_queries(QUERIES):
        response = client.get(URL)
    assert response.status_code == 200
    # Then the rendered sections come from the cache: the five queries of the tables go.
    with django_assert_num_queries(8):
        again = client.get(URL)
    assert _sections(again) == _sections(response)  # (the CSRF tokens around them differ)


def test_cached_sections_change_when_the_summaries_are_recomputed(client):
    for _i in range(6):
        _joined(1)
    _refresh()
    client.force_login(_staff())
    mesa_pk = mesa(1).pk
    before = client.get(URL, {"mesa": mesa_pk}).content.decode()
    for _i in range(7):
        _joined(1)
    _refresh()
    after = client.get(URL, {"mesa": mesa_pk}).content.decode()
    assert after != before
    row = QuarterStat.objects.get(
        mesa=mesa(1),
        quarter=services.quarters_between(timezone.now().date(), timezone.now().date())[0],
    )
    assert row.data["members"] == 13
    assert ">13<" in after and ">13<" not in before


def test_csv_has_a_bom_escapes_formulas_and_is_audited(client):
    for _i in range(6):
        _joined(name='=HYPERLINK("http://x")')
    _refresh()
    staff = _staff()
    client.force_login(staff)
    response = client.get("/es/dashboard/export/members_by_subregion.csv")
    assert response.status_code == 200
    body = response.content
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0] == "Subregión,Miembros"
    assert "<5" in text and "oculto" in text  # the same suppression as the page
    entry = AuditLog.objects.get(action="dashboard.exported")
    assert entry.actor == staff and entry.data["table"] == "members_by_subregion"


def test_formula_cells_are_neutralised():
    from dashboards.exports import cell

    assert cell("=1+1") == "'=1+1"
    assert cell("+5") == "'+5" and cell("@x") == "'@x" and cell("-2") == "'-2"
    assert cell("Caribe") == "Caribe" and cell(7) == "7"


def test_unknown_table_is_404_and_bad_filters_are_a_form_error(client):
    client.force_login(_staff())
    assert client.get("/es/dashboard/export/nothing.csv").status_code == 404
    response = client.get(URL + "?quarter=9999-12-31&mesa=x")
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()
    assert client.get(URL + "?quarter=%00").status_code == 400


def test_coordinators_export_their_mesa_only(client):
    for _i in range(5):
        _joined(1)
    _refresh()
    coordinator = UserFactory()
    make_coordinator(coordinator, 1)
    client.force_login(coordinator)
    assert client.get("/es/dashboard/export/meetings.csv").status_code == 200
    other = mesa(2).pk
    assert client.get(f"/es/dashboard/export/meetings.csv?mesa={other}").status_code == 400


def test_the_pdf_report_is_rendered_by_the_documents_pipeline(
    client, django_capture_on_commit_callbacks
):
    for i in range(6):
        _joined(answers={"gender": "woman" if i < 5 else "man"})
    _refresh()
    staff = _staff()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/es/dashboard/report/", {"quarter": "", "mesa": "", "subregion": ""}
        )
    assert response.status_code == 302
    document = Document.objects.get(builder="dashboards.documents.report_pdf")
    document.refresh_from_db()
    assert document.status == Document.Status.READY, document.error
    page = client.get(URL).content.decode()
    assert document.get_absolute_url() in page  # offered on the page when ready
    pdf = client.get(document.get_absolute_url())
    assert pdf.status_code == 200 and b"".join(pdf).startswith(b"%PDF")
    intruder = UserFactory()
    make_coordinator(intruder, 1)
    client.force_login(intruder)  # a coordinator, and another person's report
    assert client.get(document.get_absolute_url()).status_code in (403, 404)
    assert AuditLog.objects.filter(action="dashboard.report_requested").count() == 1


def _quarter(moment):
    return datetime(moment.year, 3 * ((moment.month - 1) // 3) + 1, 1, tzinfo=UTC)


def test_past_quarters_do_not_drift_when_a_profile_changes_or_an_account_is_deleted():
    """Point in time: a member who joined in an earlier quarter keeps its subregion of then."""
    last_quarter = _quarter(timezone.now()) - timedelta(days=40)
    caribbean = Country.objects.get(code="JM")
    people = [_joined(at=last_quarter, country=caribbean) for _i in range(6)]
    _refresh()
    past = QuarterStat.objects.get(quarter=_quarter(last_quarter).date(), mesa=None)
    assert past.final and past.data["subregion:caribbean"] == 6
    before = dict(past.data)
    member, user, _row = people[0]
    member.country = Country.objects.get(code="MX")
    member.subregion = "central_america_mexico"
    member.save()
    membership_services.account_delete(user=people[1][1])
    _refresh()
    past.refresh_from_db()
    assert past.data == before
    current = QuarterStat.objects.get(quarter=_quarter(timezone.now()).date(), mesa=None)
    assert current.data["subregion:caribbean"] >= 5  # the event keeps the subregion of then


def test_membership_signals_record_events_with_the_attributes_of_the_time():
    coordinator = UserFactory()
    make_coordinator(coordinator, 1)
    member, user = member_with_contact()
    row = membership(member, 1, status=MembershipStatus.PENDING)
    membership_services.mesa_membership_decide(
        actor=coordinator, membership_id=row.pk, mesa=mesa(1), approve=True
    )
    membership_services.mesa_membership_leave(actor=user, membership_id=row.pk)
    kinds = set(MembershipEvent.objects.filter(member_id=member.pk).values_list("kind", flat=True))
    assert kinds == {"joined", "left"}
    assert MembershipEvent.objects.get(member_id=member.pk, kind="joined").subregion == (
        member.subregion
    )


def test_one_approval_does_not_change_the_dashboard(client):
    """The differencing attack of issue 11 on the dashboard: every sensitive table is a release."""
    coordinator = UserFactory()
    make_coordinator(coordinator, 1)
    for i in range(13):
        _joined(answers={"gender": "non_binary" if i < 6 else "woman", "lgbtiq": i < 6})
    _refresh()
    member, _user = member_with_contact()
    SelfDeclaration.objects.create(user=_user, gender="non_binary", lgbtiq=True)
    pending = membership(member, 1, status=MembershipStatus.PENDING)
    client.force_login(coordinator)

    def people_section():
        page = client.get(URL).content.decode()
        return page.split('id="s-people"')[1].split('id="s-mesa"')[0]

    before = people_section()
    membership_services.mesa_membership_decide(
        actor=coordinator, membership_id=pending.pk, mesa=mesa(1), approve=True
    )
    _refresh()
    assert people_section() == before
