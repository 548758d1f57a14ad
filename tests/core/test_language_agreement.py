"""Language (issue 10): plural and gender agreement, one Spanish register ("usted", allauth's
strings included), countries sorted per language, and an audit log in sentences."""

import re
import uuid

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.test import Client
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from mecanismo.core.collation import collated, collation_key
from mecanismo.core.models import Country
from mecanismo.core.services import audit_record
from mesas.models import AgendaProposal, Attendance
from tests.factories import UserFactory
from tests.mesas import factories as f

pytestmark = pytest.mark.django_db

TU = re.compile(
    r"\b(tu|tus|vete|puedes|tienes|estás|ves|has olvidado|introdúcelo|selecciona)\b", re.I
)


def _text(html: str) -> str:
    main = html.split("<main", 1)[-1]
    return re.sub(r"<[^>]+>", " ", main)


def _coordinator_page(meeting, lang="es"):
    client = Client()
    client.force_login(f.coordinator(1))
    return " ".join(_text(client.get(f"/{lang}/meetings/{meeting.pk}/").content.decode()).split())


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("es", "1 persona presente", "2 personas presentes"),
        ("pt", "1 pessoa presente", "2 pessoas presentes"),
        ("fr", "1 personne présente", "2 personnes présentes"),
        ("en", "1 present", "2 present"),
    ],
)
def test_attendance_counts_agree_with_their_number(lang, one, two):
    meeting = f.meeting(days=-1)
    m, u = f.member_in_mesa(1)
    f.invite(meeting, u, m, attendance=Attendance.PRESENT)
    page = _coordinator_page(meeting, lang)
    assert one in page and "1 presentes" not in page and "1 présents" not in page
    m2, u2 = f.member_in_mesa(1)
    f.invite(meeting, u2, m2, attendance=Attendance.PRESENT)
    assert two in _coordinator_page(meeting, lang)


def test_pending_proposals_and_invitees_agree_with_their_number():
    meeting = f.meeting(days=5)
    m, u = f.member_in_mesa(1)
    f.invite(meeting, u, m)
    AgendaProposal.objects.create(meeting=meeting, proposed_by=u, member=m, title="Tema")
    page = _coordinator_page(meeting)
    assert "(1 pendiente)" in page and "(1 pendientes)" not in page
    assert "1 persona invitada" in page


def test_empty_action_items_are_not_said_in_the_masculine():
    meeting = f.meeting(days=-1)
    client = Client()
    client.force_login(f.coordinator(1))
    page = client.get(f"/es/meetings/{meeting.pk}/outcomes/").content.decode()
    assert "Todavía no hay tareas." in page and "Todavía no hay acuerdos." in page
    assert "Ninguno todavía" not in page


def test_spanish_confirmation_mail_and_pages_say_usted(
    django_capture_on_commit_callbacks, settings
):
    settings.ACCOUNT_RATE_LIMITS = False
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            "/es/accounts/signup/",
            {
                "email": f"u-{uuid.uuid4().hex[:8]}@example.org",
                "password1": "Un-buen-secreto-2026",
                "password2": "Un-buen-secreto-2026",
            },
            follow=True,
        )
    (sent,) = mail.outbox
    assert "vaya a" in sent.body and "vete a" not in sent.body
    assert not TU.search(sent.body), TU.search(sent.body)
    assert not TU.search(_text(r.content.decode()))
    for path in ("/es/privacy/", "/es/accounts/login/", "/es/accounts/password/reset/"):
        text = _text(Client().get(path).content.decode())
        assert not TU.search(text), (path, TU.search(text))


def test_other_languages_keep_allauths_own_translation():
    with translation.override("pt"):
        assert "acesse" in translation.gettext("To confirm this is correct, go to %(activate_url)s")
    with translation.override("fr"):
        assert "allez" in translation.gettext("To confirm this is correct, go to %(activate_url)s")


def test_countries_sort_by_the_page_language():
    client = Client()
    client.force_login(UserFactory())
    client.post("/es/register/privacy/", {"accept": "on"})
    client.post("/es/register/kind/", {"kind": "organisation"})
    for lang in ("es", "pt", "fr"):
        page = client.get(f"/{lang}/register/profile/").content.decode()
        select = re.search(r'<select name="country".*?</select>', page, re.S).group(0)
        mx = Country.objects.get(code="MX")
        ms = Country.objects.get(code="MS")
        assert select.index(f'value="{mx.pk}"') < select.index(f'value="{ms.pk}"'), lang
    page = Client().get("/es/directory/").content.decode()
    assert page.index(">México<") < page.index(">Montserrat<")


def test_collation_ignores_accents_and_case_first_and_spanish_n_tilde_is_its_own_letter():
    assert collated(["Montserrat", "México", "Martinica"], lang="es") == [
        "Martinica",
        "México",
        "Montserrat",
    ]
    assert collated(["Ñandú", "Nueva", "Nicaragua"], lang="es") == ["Nicaragua", "Nueva", "Ñandú"]
    assert collated(["Perú", "Paraguay", "Panamá"], lang="es") == ["Panamá", "Paraguay", "Perú"]


@given(st.lists(st.text(alphabet="aeiouáéíóúAEIOUÁÉ nm", min_size=1, max_size=6), max_size=8))
def test_collation_first_level_is_the_unaccented_lowercase_text(words):
    import unicodedata

    def plain(w):
        return "".join(
            c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c)
        ).casefold()

    keys = [plain(w) for w in collated(words, lang="pt")]
    assert keys == sorted(keys)
    assert collation_key("Á", "es") < collation_key("b", "es")


def test_audit_log_reads_as_sentences(client):
    admin = UserFactory(is_superuser=True, is_staff=True, full_name="Ada Admin")
    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    meeting = f.meeting()
    audit_record(actor=admin, action="meeting.update", target=meeting, moved=True)
    audit_record(actor=admin, action="meeting.attendance", target=meeting, rows=1)
    client.force_login(admin)
    text = _text(client.get("/es/audit/").content.decode())
    assert "Reunión modificada" in text and "Ada Admin" in text
    assert "fecha u hora cambiada" in text and "1 persona" in text
    assert "{" not in text and "meeting.update" not in text and "moved" not in text
