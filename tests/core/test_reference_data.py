import pytest
from django.db import IntegrityError

from mecanismo.core.models import ActorType, Agency, Country, Mesa, Objective, Subregion

pytestmark = pytest.mark.django_db

SPEC_MAPPING = {
    1: [2, 5, 6, 12, 18],
    2: [4, 8, 9, 10, 11, 13, 21],
    3: [14, 15, 16, 19, 20, 22],
    4: [1, 3, 7, 17, 23],
}


def test_every_objective_belongs_to_the_mesa_of_spec_4():
    mapping = {
        m.number: sorted(m.objectives.values_list("number", flat=True)) for m in Mesa.objects.all()
    }
    assert mapping == SPEC_MAPPING
    assert Objective.objects.count() == 23


def test_objective_titles_exist_in_four_languages():
    for o in Objective.objects.all():
        for lang in ("es", "en", "pt", "fr"):
            assert getattr(o, f"title_{lang}").strip(), (o.number, lang)


def test_an_objective_cannot_be_left_without_a_mesa():
    with pytest.raises(IntegrityError):
        Objective.objects.filter(number=1).update(mesa=None)


def test_33_states_and_territories_with_subregions():
    assert Country.objects.filter(is_territory=False).exclude(code="ZZ").count() == 33
    assert Country.objects.filter(is_territory=True).count() == 18
    assert Country.objects.get(code="MX").subregion == Subregion.CENTRAL_AMERICA_MEXICO
    assert Country.objects.get(code="HT").subregion == Subregion.CARIBBEAN
    assert Country.objects.get(code="AR").subregion == Subregion.SOUTH_AMERICA
    assert Country.objects.get(code="ZZ").subregion == Subregion.OUTSIDE


def test_seven_gtsc_agencies_and_fifteen_actor_types():
    assert set(Agency.objects.values_list("code", flat=True)) == {
        "ohchr",
        "eclac",
        "iom",
        "ilo",
        "unaids",
        "undp",
        "unfpa",
    }
    assert Agency.objects.get(code="iom").translated("acronym", "es") == "OIM"
    assert ActorType.objects.count() == 15
