"""Dialogues with governments (§6): participants and outcome, an agenda started from the
unanswered recommendations addressed to the participants, presentations as follow-up entries."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from mecanismo.core.models import Country
from mesas import services
from mesas.models import FollowUp, FollowUpTrack
from tests.factories import UserFactory, make_gtsc
from tests.mesas import factories as f
from tests.mesas.test_recommendations import _published

pytestmark = pytest.mark.django_db


def _gtsc():
    return make_gtsc(UserFactory()).user


def _dialogue(actor, days=-1):
    meeting = f.meeting("dialogues", days=days, title="Diálogo regional")
    return services.dialogue_record(
        actor=actor,
        meeting=meeting,
        countries=Country.objects.filter(code__in=["MX", "CO", "GT"]),
        other_actors="OIM",
        outcome="Acuerdos",
    )


def test_only_the_dialogues_coordinators_record_a_dialogue():
    with pytest.raises(PermissionDenied):
        _dialogue(f.coordinator(1))
    admin = UserFactory(is_superuser=True)
    with pytest.raises(ValidationError):
        services.dialogue_record(actor=admin, meeting=f.meeting("mr1"))


def test_the_agenda_starts_from_unanswered_recommendations_of_the_participants():
    coordinator, staff = f.coordinator(1), _gtsc()
    waiting = _published(coordinator, countries=("MX",))
    other = _published(coordinator, countries=("BR",), title="Otra recomendación")
    dialogue = _dialogue(staff, days=5)
    assert services.dialogue_agenda_start(actor=staff, dialogue=dialogue) == 1
    assert services.dialogue_agenda_start(actor=staff, dialogue=dialogue) == 0
    titles = list(dialogue.meeting.agenda_items.values_list("title", flat=True))
    assert titles == [waiting.title] and other.title not in titles


def test_presenting_a_recommendation_adds_a_follow_up_entry_once():
    coordinator, staff = f.coordinator(1), _gtsc()
    rec = _published(coordinator, countries=("MX",))
    dialogue = _dialogue(staff)
    # (GT-SC staff must enrol MFA before using pages: the service is what the button calls)
    services.dialogue_present(actor=staff, dialogue=dialogue, rec=rec)
    with pytest.raises(ValidationError):
        services.dialogue_present(actor=staff, dialogue=dialogue, rec=rec)
    assert dialogue.presentations.count() == 1
    entry = FollowUp.objects.get(recommendation=rec)
    assert entry.track == FollowUpTrack.PRESENTED and entry.source_meeting == dialogue.meeting
    page = Client().get(dialogue.get_absolute_url()).content.decode()
    assert rec.title in page and "México" in page and "Acuerdos" in page


def test_a_dialogue_in_the_future_cannot_have_presentations():
    coordinator, staff = f.coordinator(1), _gtsc()
    rec = _published(coordinator, countries=("MX",))
    dialogue = _dialogue(staff, days=3)
    with pytest.raises(ValidationError):
        services.dialogue_present(actor=staff, dialogue=dialogue, rec=rec)
    assert not FollowUp.objects.exists()
