"""Integrated strategies of the linking table (§5 "the linking table's work"): written by the
linking table (derived from mandates), drafts private to it, Markdown sanitised, audited,
listed on the linking-table page at a constant cost."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from mecanismo.core.models import AuditLog, Mesa
from tests.factories import UserFactory, make_gtsc, make_linking_table_member
from vinculacion import services
from vinculacion.models import IntegratedStrategy, StrategyState

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _seat_holder():
    user = UserFactory()
    make_linking_table_member(user)
    return user


def _strategy(actor, state=StrategyState.DRAFT, title="Estrategia regional de protección"):
    return services.strategy_create(
        actor=actor,
        title=title,
        text="# Objetivo\n\nProteger a las personas en tránsito.",
        mesas=Mesa.objects.filter(number__in=[1, 3]),
        state=state,
    )


def test_a_linking_table_member_writes_a_strategy_and_it_is_audited():
    author = _seat_holder()
    strategy = _strategy(author)
    assert strategy.state == StrategyState.DRAFT and strategy.published_at is None
    assert sorted(strategy.mesas.values_list("number", flat=True)) == [1, 3]
    assert "<h3" in strategy.html
    assert AuditLog.objects.filter(
        action="integrated_strategy.created", target_id=str(strategy.pk)
    ).exists()


def test_people_off_the_linking_table_cannot_write_strategies():
    with pytest.raises(PermissionDenied):
        _strategy(UserFactory())
    assert not IntegratedStrategy.objects.exists()


def test_a_mandate_that_ended_no_longer_lets_its_holder_write():
    import datetime

    from django.utils import timezone

    user = UserFactory()
    mandate = make_linking_table_member(user)
    mandate.ends_on = timezone.localdate()
    mandate.starts_on = mandate.ends_on - datetime.timedelta(days=30)
    mandate.save()
    with pytest.raises(PermissionDenied):
        _strategy(user)


def test_staff_of_an_agency_holding_a_seat_write_strategies():
    from vinculacion.models import Mandate, Seat

    staff = UserFactory()
    role = make_gtsc(staff, "undp")
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    Mandate.objects.create(
        seat=Seat.objects.get(code="agency-1"),
        agency=role.agency,
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=100),
    )
    assert _strategy(staff).pk


def test_script_in_the_markdown_is_removed():
    strategy = services.strategy_create(
        actor=_seat_holder(),
        title="Con script",
        text='Texto <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="y">',
        mesas=Mesa.objects.filter(number=2),
    )
    assert "<script" not in strategy.html and "javascript:" not in strategy.html
    assert "onerror" not in strategy.html


def test_a_strategy_needs_a_title_text_and_a_mesa():
    author = _seat_holder()
    for title, text, mesas in (
        ("", "Texto", [1]),
        ("Título", "   ", [1]),
        ("Título", "Texto", []),
        ("x" * 201, "Texto", [1]),
    ):
        with pytest.raises(ValidationError):
            services.strategy_create(
                actor=author, title=title, text=text, mesas=Mesa.objects.filter(number__in=mesas)
            )
    assert not IntegratedStrategy.objects.exists()


def test_drafts_are_shown_to_the_linking_table_only():
    author = _seat_holder()
    draft = _strategy(author, title="Borrador interno")
    published = _strategy(author, StrategyState.PUBLISHED, title="Estrategia publicada")
    url = reverse("vinculacion:linking_table")
    public = _client().get(url).content.decode()
    assert "Estrategia publicada" in public and "Borrador interno" not in public
    assert _client().get(draft.get_absolute_url()).status_code == 404
    assert _client(UserFactory()).get(draft.get_absolute_url()).status_code == 404
    page = _client().get(published.get_absolute_url()).content.decode()
    assert "Proteger a las personas en tránsito." in page and "MR 3" in page
    inside = _client(author).get(url).content.decode()
    assert "Borrador interno" in inside and reverse("vinculacion:strategy_create") in inside
    assert _client(author).get(draft.get_absolute_url()).status_code == 200


def test_writing_and_publishing_through_the_forms():
    author = _seat_holder()
    client = _client(author)
    mr2 = Mesa.objects.get(number=2).pk
    response = client.post(
        reverse("vinculacion:strategy_create"),
        {"title": "Plan de incidencia", "text": "Uno\n\n- dos", "mesas": [mr2], "state": "draft"},
    )
    strategy = IntegratedStrategy.objects.get()
    assert response.status_code == 302 and response["Location"] == strategy.get_absolute_url()
    edit = reverse("vinculacion:strategy_edit", kwargs={"pk": strategy.pk})
    assert client.get(edit).status_code == 200
    client.post(
        edit,
        {"title": "Plan de incidencia 2027", "text": "Tres", "mesas": [mr2], "state": "published"},
    )
    strategy.refresh_from_db()
    assert strategy.is_published and strategy.published_at and strategy.title.endswith("2027")
    assert AuditLog.objects.filter(action="integrated_strategy.published").count() == 1


def test_bad_input_in_the_form_is_refused_in_the_users_language():
    client = _client(_seat_holder())
    response = client.post(
        reverse("vinculacion:strategy_create"),
        {"title": "Sin mesas", "text": "x", "state": "draft"},
    )
    assert response.status_code == 400
    assert "Elija al menos una mesa" in response.content.decode()
    response = client.post(
        reverse("vinculacion:strategy_create"),
        {"title": "x", "text": "y", "mesas": [Mesa.objects.get(number=1).pk], "state": "gone"},
    )
    assert response.status_code == 400
    assert not IntegratedStrategy.objects.exists()


def test_the_forms_are_refused_to_people_off_the_linking_table():
    strategy = _strategy(_seat_holder(), StrategyState.PUBLISHED)
    outsider = _client(UserFactory())
    assert outsider.get(reverse("vinculacion:strategy_create")).status_code == 403
    edit = reverse("vinculacion:strategy_edit", kwargs={"pk": strategy.pk})
    assert outsider.get(edit).status_code == 403
    assert _client().get(edit).status_code == 302  # to the login page


def _many(n, author):
    rows = IntegratedStrategy.objects.bulk_create(
        IntegratedStrategy(
            title=f"Estrategia {i:03d}",
            text="Texto",
            html="<p>Texto</p>",
            state=StrategyState.PUBLISHED if i % 2 else StrategyState.DRAFT,
            published_at="2026-01-01T00:00Z" if i % 2 else None,
            created_by=author,
        )
        for i in range(n)
    )
    through = IntegratedStrategy.mesas.through
    mesas = list(Mesa.objects.all())
    through.objects.bulk_create(
        through(integratedstrategy=s, mesa=m) for s in rows for m in mesas[:2]
    )


@pytest.mark.parametrize("n", [3, 300])
def test_the_linking_table_page_costs_the_same_with_3_or_300_strategies(
    n, django_assert_num_queries
):
    author = _seat_holder()
    _many(n, author)
    url = reverse("vinculacion:linking_table")
    visitor = _client()
    visitor.get(url)
    # seats, current mandates, past mandates, elections, the body, its meetings, its open
    # action items, the published strategies, their mesas
    with django_assert_num_queries(9):
        assert visitor.get(url).status_code == 200
    member = _client(author)
    member.get(url)
    # + session, user, roles, the linking-table rule (current mandates, agency staff), the
    # viewer's seat offers and current mandates
    with django_assert_num_queries(16):
        page = member.get(url).content.decode()
    listed = page.count("/linking-table/strategies/") - 1  # minus the "write one" link
    assert listed == min(n, 50)


def test_the_demo_has_a_published_strategy_and_a_draft():
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    states = sorted(IntegratedStrategy.objects.values_list("state", flat=True))
    assert states == [StrategyState.DRAFT, StrategyState.PUBLISHED]
    public = _client().get(reverse("vinculacion:linking_table")).content.decode()
    assert "Estrategia integrada de protección" in public and "Borrador:" not in public
