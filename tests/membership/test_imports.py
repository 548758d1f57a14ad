"""Issue 14, "Bringing existing members in": dry run, one-transaction import, undo, invitation,
exclusion of invited people, bad files, and the members export of a mesa."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mecanismo.core.models import AuditLog, Country, Mesa, PrivacyConsent, User
from mecanismo.outbox.models import OutboxMessage
from membership import aggregates, selectors, services
from membership.models import (
    ContactPerson,
    ContactStatus,
    ImportStatus,
    Member,
    MemberImport,
    MesaMembership,
    SelfDeclaration,
)
from membership.services.imports import COLUMNS, MAX_IMPORT_ROWS
from tests.factories import UserFactory, make_coordinator, make_gtsc
from tests.membership.factories import member_with_contact, membership

pytestmark = pytest.mark.django_db

HEADER = [
    "kind",
    "member_name",
    "actor_type",
    "country",
    "email",
    "contact_name",
    "language",
    "mesas",
]
NEW_PASSWORD = "Otra-clave-larga-2026"


def csv_file(rows, header=HEADER, name="miembros.csv", delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), "text/csv")


def xlsx_file(rows, header=HEADER, name="miembros.xlsx"):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/octet-stream")


def org_row(n, **over):
    row = {
        "kind": "organisation",
        "member_name": f"Red Migrante {n}",
        "actor_type": "cso",
        "country": "PA",
        "email": f"contacto{n}@example.org",
        "contact_name": f"Persona {n}",
        "language": "",
        "mesas": "1;3",
    }
    row.update(over)
    return [row[c] for c in HEADER]


def with_totp(user):
    """Admins and GT-SC staff reach no page before enrolling a second factor (core)."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


@pytest.fixture
def admin(db):
    return with_totp(UserFactory(is_superuser=True, is_staff=True))


@pytest.fixture
def staff(db):
    user = UserFactory()
    make_gtsc(user)
    return with_totp(user)


def prepare(actor, upload):
    return services.member_import_prepare(actor=actor, upload=upload)


def outcomes(batch):
    return [r["outcome"] for r in batch.report]


def test_dry_run_shows_what_would_be_created_duplicates_and_errors_and_writes_nothing(staff):
    member_with_contact(name="Asociación Ñandú", country=Country.objects.get(code="PA"))
    taken = UserFactory(email="ya@example.org")
    rows = [
        org_row(1),
        org_row(2, member_name="Red Migrante 1", email="otra@example.org"),  # 2nd contact
        org_row(3, member_name="asociacion ñandu"),  # the registration's duplicate rule
        org_row(4, email=taken.email.upper()),
        org_row(5, country="Atlántida"),
        org_row(6, actor_type="club"),
        org_row(7, email="no-es-correo"),
        org_row(8, mesas="9"),
        [
            "individual",
            "Ana Pérez",
            "migrant_person",
            "Guatemala",
            "ana@example.org",
            "",
            "fr",
            "2",
        ],
        org_row(10, member_name='=HYPERLINK("x")'),
    ]
    before = (Member.objects.count(), User.objects.count(), MesaMembership.objects.count())
    batch = prepare(staff, csv_file(rows))
    assert outcomes(batch) == [
        "create",
        "contact",
        "duplicate",
        "duplicate",
        "error",
        "error",
        "error",
        "error",
        "create",
        "error",
    ]
    text = " ".join(" ".join(r["messages"]) for r in batch.report)
    assert "Asociación Ñandú" in text  # names the existing member
    for piece in ("Atlántida", "club", "no-es-correo", "9", "fórmulas"):
        assert piece in text
    assert batch.report[0]["mesas"] == [1, 3]
    assert (Member.objects.count(), User.objects.count(), MesaMembership.objects.count()) == before
    assert batch.status == ImportStatus.DRY_RUN


def test_sensitive_columns_are_ignored_and_said_so(staff):
    header = [*HEADER, "gender", "migrant_experience", "colour"]
    batch = prepare(staff, csv_file([org_row(1) + ["woman", "yes", "azul"]], header=header))
    assert batch.notes == ["sensitive:gender", "sensitive:migrant_experience", "ignored:colour"]
    assert "nunca se importan" in services.note_text(batch.notes[0])
    services.member_import_run(actor=staff, token=batch.token)
    assert not SelfDeclaration.objects.exists()
    assert "woman" not in str(MemberImport.objects.get().rows)


def test_import_is_one_transaction_invites_each_person_once_and_is_idempotent(
    staff, django_capture_on_commit_callbacks
):
    rows = [
        org_row(1),
        org_row(2, member_name="Red Migrante 1", email="b@example.org", language="pt"),
    ]
    rows.append(org_row(3, country="nowhere"))
    batch = prepare(staff, csv_file(rows))
    with django_capture_on_commit_callbacks(execute=True):
        services.member_import_run(actor=staff, token=batch.token)
        services.member_import_run(actor=staff, token=batch.token)  # double submit
    member = Member.objects.get(name="Red Migrante 1")
    assert not member.listed_in_directory
    contacts = ContactPerson.objects.filter(member=member)
    assert {c.status for c in contacts} == {ContactStatus.INVITED}
    assert contacts.count() == 2
    assert set(member.mesa_memberships.values_list("status", flat=True)) == {"invited"}
    assert member.mesa_memberships.count() == 2
    assert OutboxMessage.objects.filter(key__contains=":invited:").count() == 2
    assert len(mail.outbox) == 2
    pt = next(m for m in mail.outbox if m.to == ["b@example.org"])
    assert "convite" in pt.subject.lower() or "Mecanismo" in pt.subject
    es = next(m for m in mail.outbox if m.to == ["contacto1@example.org"])
    assert "invitación" in es.subject.lower()
    assert AuditLog.objects.filter(action="members.imported").count() == 1
    assert User.objects.get(email="b@example.org").language == "pt"
    assert not User.objects.get(email="b@example.org").has_usable_password()


def test_invited_people_are_in_no_directory_and_no_statistic(staff, client):
    batch = prepare(staff, csv_file([org_row(1)]))
    services.member_import_run(actor=staff, token=batch.token)
    member = Member.objects.get()
    Member.objects.filter(pk=member.pk).update(listed_in_directory=True)  # even if listed
    assert not selectors.directory_members().filter(pk=member.pk).exists()
    assert not aggregates.people_of(Member.objects.all()).exists()
    mesa = Mesa.objects.get(number=1)
    assert not selectors.approved_members(mesa).exists()
    assert selectors.approved_member_count(mesa) == 0
    assert not selectors.mesa_contacts(mesa).exists()
    from dashboards.selectors import scope_members

    assert not scope_members(None, "").exists()
    assert not scope_members(mesa, "").exists()


def invitation_link(email):
    message = next(m for m in mail.outbox if m.to == [email])
    return (
        re.search(r"https?://\S+/invitation/\S+/", message.body).group(0).split("example.org", 1)[1]
    )


def test_accepting_the_invitation_sets_password_consent_and_approves(
    staff, client, django_capture_on_commit_callbacks
):
    batch = prepare(staff, csv_file([org_row(1)]))
    with django_capture_on_commit_callbacks(execute=True):
        services.member_import_run(actor=staff, token=batch.token)
    path = invitation_link("contacto1@example.org")
    assert path.startswith("/es/invitation/")
    assert client.get(path).status_code == 200
    response = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 400  # privacy notice not accepted
    assert ContactPerson.objects.get().status == ContactStatus.INVITED
    response = client.post(
        path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "accept": "on"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="contacto1@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert PrivacyConsent.objects.filter(user=user).exists()
    assert ContactPerson.objects.get().status == ContactStatus.APPROVED
    member = Member.objects.get()
    assert set(member.mesa_memberships.values_list("status", flat=True)) == {"approved"}
    assert aggregates.people_of(Member.objects.all()).count() == 1
    # Used once: the link does not work again; undo is refused now.
    client.logout()
    assert client.get(path).status_code == 404
    with pytest.raises(Exception, match="acept"):
        services.member_import_undo(actor=staff, token=batch.token)
    # The person opts in to the directory on the profile page, then is listed.
    client.force_login(user)
    edit = client.get(f"/es/members/{member.pk}/edit/")
    assert edit.status_code == 200


def test_a_bad_invitation_link_is_a_clear_404(client):
    response = client.get("/es/invitation/forged:token/")
    assert response.status_code == 404
    assert "no se puede usar" in response.content.decode().lower()


def test_undo_removes_the_whole_batch(staff):
    batch = prepare(staff, csv_file([org_row(1), org_row(2)]))
    services.member_import_run(actor=staff, token=batch.token)
    assert Member.objects.count() == 2
    invitations = OutboxMessage.objects.filter(key__contains=":invited:")
    assert invitations.filter(status="pending").count() == 2
    services.member_import_undo(actor=staff, token=batch.token)
    # The invitations not handed to the mail server yet are withdrawn with the batch.
    assert not invitations.exists()
    assert not Member.objects.exists()
    assert not User.objects.filter(email__startswith="contacto").exists()
    assert not MesaMembership.objects.exists()
    assert MemberImport.objects.get().status == ImportStatus.UNDONE
    assert AuditLog.objects.filter(action="members.import_undone").exists()


def test_only_admins_and_gtsc_staff_import_and_a_token_is_tied_to_its_user(client, staff):
    member = UserFactory()
    coordinator = UserFactory()
    make_coordinator(coordinator, 1)
    batch = prepare(staff, csv_file([org_row(1)]))
    for user in (member, coordinator):
        client.force_login(user)
        assert client.get("/es/imports/").status_code == 403
        assert client.get(f"/es/imports/{batch.token}/").status_code == 403
    other_staff = with_totp(UserFactory())
    make_gtsc(other_staff)
    client.force_login(other_staff)
    assert client.get(f"/es/imports/{batch.token}/").status_code == 404
    assert client.post(f"/es/imports/{batch.token}/run/").status_code == 404
    assert not Member.objects.exists()


def test_the_pages_upload_dry_run_import_and_undo(client, admin):
    client.force_login(admin)
    response = client.get("/es/imports/")
    assert response.status_code == 200
    page = response.content.decode()
    for column in COLUMNS:
        assert column in page
    response = client.post(
        "/es/imports/", {"file": xlsx_file([org_row(1), org_row(2, country="?")])}
    )
    assert response.status_code == 302
    report = client.get(response["Location"]).content.decode()
    assert "1 fila con errores" in report and "Importar" in report
    batch = MemberImport.objects.get()
    client.post(f"/es/imports/{batch.token}/run/")
    assert client.post(f"/es/imports/{batch.token}/run/").status_code == 302
    assert Member.objects.count() == 1
    client.post(f"/es/imports/{batch.token}/undo/")
    assert Member.objects.count() == 0


@pytest.mark.parametrize("n", [3, 300])
def test_dry_run_page_has_constant_queries(client, admin, django_assert_num_queries, n):
    batch = prepare(admin, csv_file([org_row(i) for i in range(n)]))
    client.force_login(admin)
    # session, user, second factor, roles, the batch: the rows are read from the batch row.
    with django_assert_num_queries(5):
        response = client.get(f"/es/imports/{batch.token}/", {"page": 2 if n > 50 else 1})
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 300])
def test_checking_rows_costs_constant_queries(django_assert_num_queries, n):
    from membership.services.imports import _public  # noqa: F401

    rows = [dict(zip(HEADER, org_row(i), strict=True), line=i + 2) for i in range(n)]
    with django_assert_num_queries(5):
        services.import_rows_check(rows)


# --- bad files: a clear message, nothing written ------------------------------------------


def refused(client, admin, upload):
    client.force_login(admin)
    response = client.post("/es/imports/", {"file": upload})
    assert response.status_code == 400
    assert not MemberImport.objects.exists() and not Member.objects.exists()
    return response.content.decode()


def test_wrong_encoding(client, admin):
    data = "kind,member_name,actor_type,country,email\norganisation,Asociación,cso,PA,a@b.org\n"
    page = refused(client, admin, SimpleUploadedFile("m.csv", data.encode("latin-1")))
    assert "UTF-8" in page


def test_missing_columns(client, admin):
    page = refused(client, admin, csv_file([["x", "y"]], header=["kind", "name"]))
    assert "member_name" in page and "actor_type" in page


def test_too_many_rows(client, admin):
    rows = [org_row(i) for i in range(MAX_IMPORT_ROWS + 1)]
    page = refused(client, admin, csv_file(rows))
    assert "5,000" in page or "5.000" in page


def test_too_large(client, admin):
    page = refused(client, admin, SimpleUploadedFile("m.csv", b"a," * (3 * 1024 * 1024)))
    assert "5 MB" in page


def test_disguised_files(client, admin):
    pdf = SimpleUploadedFile("m.csv", b"%PDF-1.4\n%%EOF")
    assert "CSV" in refused(client, admin, pdf)
    html = SimpleUploadedFile("m.csv", b"kind,member_name\n<script>alert(1)</script>\n")
    assert "CSV" in refused(client, admin, html)
    binary = SimpleUploadedFile("m.xlsx", b"\x00\x01\x02binary")
    assert "CSV" in refused(client, admin, binary)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert "CSV" in refused(client, admin, SimpleUploadedFile("m.xlsx", buffer.getvalue()))


def test_xlsx_formula_cells_are_refused_row_by_row(admin):
    batch = prepare(admin, xlsx_file([org_row(1, member_name="=1+1"), org_row(2)]))
    assert outcomes(batch) == ["error", "create"]


def test_semicolon_csv_as_spanish_spreadsheets_save_it(admin):
    batch = prepare(admin, csv_file([org_row(1)], delimiter=";"))
    assert outcomes(batch) == ["create"]


def test_the_sample_file_imports_cleanly(admin):
    from pathlib import Path

    data = (Path(__file__).resolve().parents[2] / "docs" / "import-sample.csv").read_bytes()
    batch = prepare(admin, SimpleUploadedFile("import-sample.csv", data))
    assert "error" not in outcomes(batch)
    assert len(batch.report) >= 5


# --- the export of the members list -------------------------------------------------------


@pytest.fixture
def coordinator(db):
    user = UserFactory()
    make_coordinator(user, 1)
    return user


def test_export_escapes_formulas_has_no_sensitive_fields_and_is_audited(client, coordinator):
    member, user = member_with_contact(name="=cmd|' /C calc'!A0", website="")
    membership(member, 1)
    SelfDeclaration.objects.create(user=user, gender="woman", indigenous=True)
    client.force_login(coordinator)
    response = client.get("/es/coordination/mr1/members/export/csv/")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(COLUMNS)
    assert rows[1][1].startswith("'=")
    assert "woman" not in text and "gender" not in text
    response = client.get("/es/coordination/mr1/members/export/xlsx/")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert sheet.cell(row=2, column=2).value.startswith("'=")
    assert AuditLog.objects.filter(action="members.exported").count() == 2
    assert client.get("/es/coordination/mr1/members/export/pdf/").status_code == 404
    assert client.get("/es/coordination/mr2/members/export/csv/").status_code == 403


def test_export_round_trips_into_an_import(client, coordinator, admin):
    member, _user = member_with_contact(name="Colectivo Ida y Vuelta")
    membership(member, 1)
    client.force_login(coordinator)
    data = client.get("/es/coordination/mr1/members/export/csv/").content
    batch = prepare(admin, SimpleUploadedFile("back.csv", data))
    assert outcomes(batch) == ["duplicate"]  # the same organisation already exists


def test_an_invited_person_cannot_register_a_second_member(staff):
    from django.core.exceptions import ValidationError

    from mecanismo.core.models import ActorType

    batch = prepare(staff, csv_file([org_row(1)]))
    services.member_import_run(actor=staff, token=batch.token)
    user = User.objects.get(email="contacto1@example.org")
    with pytest.raises(ValidationError, match="invitación"):
        services.member_register(
            user=user,
            kind="individual",
            name="Otra",
            actor_type=ActorType.objects.get(code="migrant_person"),
            country=Country.objects.get(code="PA"),
        )


@pytest.mark.parametrize("n", [3, 300])
def test_export_costs_constant_queries(client, coordinator, django_assert_num_queries, n):
    from tests.membership.factories import MemberFactory

    mesa = Mesa.objects.get(number=1)
    members = MemberFactory.create_batch(n)
    MesaMembership.objects.bulk_create(
        MesaMembership(member=m, mesa=mesa, status="approved") for m in members
    )
    client.force_login(coordinator)
    # session, user, roles, mesa, members, contacts, mesas of the members, audit entry
    with django_assert_num_queries(8):
        response = client.get("/es/coordination/mr1/members/export/csv/")
    assert response.content.decode("utf-8-sig").count("\n") == n + 1


def test_invitations_not_accepted_yet_can_be_sent_again_once_a_day(client, staff):
    """A lost e-mail or an expired link: staff send the invitation again, with a new link, to
    the people of the import who have not accepted it; a second click the same day mails nobody
    twice, and a person who accepted gets nothing."""
    batch = prepare(staff, csv_file([org_row(1), org_row(2)]))
    with pytest.raises(ValidationError):
        services.member_import_resend(actor=staff, token=batch.token)  # not imported yet
    services.member_import_run(actor=staff, token=batch.token)
    first = ContactPerson.objects.get(user__email="contacto1@example.org")
    first.status = ContactStatus.APPROVED  # as if accepted
    first.save(update_fields=["status"])
    client.force_login(staff)
    page = client.get(f"/es/imports/{batch.token}/").content.decode()
    assert "1 persona aún no aceptó la invitación" in page
    response = client.post(f"/es/imports/{batch.token}/resend/", follow=True)
    assert "La invitación se envió de nuevo a 1 persona" in response.content.decode()
    client.post(f"/es/imports/{batch.token}/resend/")
    again = OutboxMessage.objects.filter(key__contains=":invited-again:")
    assert list(again.values_list("user__email", flat=True)) == ["contacto2@example.org"]
    assert "/es/invitation/" in again.get().context["url"]
    assert AuditLog.objects.filter(action="members.invitations_resent").count() == 2
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.post(f"/es/imports/{batch.token}/resend/").status_code in (403, 404)
