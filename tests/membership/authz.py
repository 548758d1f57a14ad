"""Authorisation matrix rows of the membership pages (§3, §9). Format: tests/security/authz.py.

In the world, `member` (Organización Alfa, listed) and `other` (Organización Beta, unlisted) are
both approved in MR 1; the role users other than the two members have no member profile."""

from tests.factories import PASSWORD
from tests.security.authz import (
    ADMIN,
    COORD1,
    COORD2,
    GTSC,
    MEMBER,
    MEMBERS,
    MR1,
    OTHER_MEMBER,
    SIGNED_IN,
    VISITOR,
    Post,
    Row,
    roles,
)

IMPORTERS = roles(GTSC, ADMIN)  # issue 14: admins and GT-SC staff bring members in
NO_PROFILE = SIGNED_IN - MEMBERS  # registration is for people without a member profile
APPROVE = {"decision": "approve"}


def _mr1(w):
    return {"slug": "mr1"}


_imports = __import__("itertools").count(1)


def _import_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    n = next(_imports)
    text = (
        "kind,member_name,actor_type,country,email,mesas\n"
        f"organisation,Red Importada {n},cso,PA,importada{n}@example.org,1\n"
    )
    return SimpleUploadedFile(f"m{n}.csv", text.encode(), "text/csv")


def _fresh_import(w, *, run=False):
    """A dry run made by the world's GT-SC user (imported when `run`)."""
    from membership import services

    batch = services.member_import_prepare(actor=w.users[GTSC], upload=_import_file())
    if run:
        batch = services.member_import_run(actor=w.users[GTSC], token=batch.token)
    return batch


def _fresh_invitation(w):
    from membership import services
    from membership.models import ContactPerson

    batch = _fresh_import(w, run=True)
    contact = ContactPerson.objects.get(pk=batch.created["contacts"][0])
    return {"token": services.invitation_token(contact)}


NEW_PASSWORD = {"password1": "Otra-clave-larga-2026", "password2": "Otra-clave-larga-2026"}


ROWS = [
    Row("membership:register", get=NO_PROFILE, denied_redirects=("my-mesas/",)),
    Row(
        "membership:register_step",
        kwargs=lambda w: {"step": "privacy"},
        get=NO_PROFILE,
        denied_redirects=("my-mesas/",),
        posts=[Post(NO_PROFILE, lambda w, kw: {"accept": "on"})],
    ),
    Row(
        "membership:claim_duplicate",
        get=None,
        # Success leads to "my mesas"; people who may not claim are sent back to registration.
        denied_redirects=("register/",),
        posts=[Post(NO_PROFILE, lambda w, kw: {"member": w.fresh_member(None)[0].pk})],
    ),
    Row(
        "membership:privacy_consent",
        get=SIGNED_IN,
        posts=[Post(SIGNED_IN, lambda w, kw: {"accept": "on"})],
    ),
    Row("membership:member_detail", kwargs=lambda w: {"pk": w.member.pk}),
    Row(
        "membership:member_detail",
        kwargs=lambda w: {"pk": w.other.pk},
        get=roles(OTHER_MEMBER, COORD1, GTSC, ADMIN),
        note="unlisted",
    ),
    Row(
        "membership:member_edit",
        kwargs=lambda w: {"pk": w.member.pk},
        get=roles(MEMBER, ADMIN),
        posts=[
            Post(
                roles(MEMBER, ADMIN),
                lambda w, kw: {
                    "name": w.member.name,
                    "actor_type": w.member.actor_type_id,
                    "country": w.member.country_id,
                    "works_national": "on",
                    "listed_in_directory": "yes",
                },
            )
        ],
    ),
    Row(
        "membership:my_mesas",
        get=SIGNED_IN,
        # People without a member profile get the "you have no member profile" page (200) and
        # nothing is written.
        posts=[Post(SIGNED_IN, lambda w, kw: {"mesas": [w.mesa3.pk]})],
    ),
    Row(
        "membership:leave_mesa",
        kwargs=lambda w: {"pk": w.fresh_membership_of(MEMBER).pk},
        get=None,
        posts=[Post(roles(MEMBER))],
    ),
    Row("membership:contact_requests", get=roles(MEMBERS, ADMIN)),
    Row(
        "membership:contact_request_decide",
        kwargs=lambda w: {"pk": w.fresh_contact_request(w.member).pk},
        get=None,
        posts=[Post(roles(MEMBER, ADMIN), lambda w, kw: APPROVE)],
    ),
    Row("membership:coordination", get=roles(COORD1, COORD2, ADMIN)),
    Row("membership:mesa_requests", kwargs=_mr1, get=MR1),
    Row(
        "membership:mesa_request_decide",
        kwargs=lambda w: {"slug": "mr1", "pk": w.fresh_pending_request(1).pk},
        get=None,
        posts=[Post(MR1, lambda w, kw: APPROVE)],
    ),
    Row("membership:mesa_members", kwargs=_mr1, get=MR1),
    Row("membership:mesa_composition", kwargs=_mr1, get=roles(MR1, GTSC)),
    Row(
        "membership:mesa_members_export",
        kwargs=lambda w: {"slug": "mr1", "fmt": "csv"},
        get=MR1,
    ),
    Row(
        "membership:mesa_members_export",
        kwargs=lambda w: {"slug": "mr1", "fmt": "xlsx"},
        get=MR1,
        note="xlsx",
    ),
    Row(
        "membership:member_imports",
        get=IMPORTERS,
        posts=[Post(IMPORTERS, lambda w, kw: {"file": _import_file()})],
    ),
    Row(
        "membership:member_import",
        kwargs=lambda w: {"token": _fresh_import(w).token},
        get=IMPORTERS,  # the GT-SC user's own batch; admins see every batch
    ),
    Row(
        "membership:member_import_run",
        kwargs=lambda w: {"token": _fresh_import(w).token},
        get=None,
        posts=[Post(IMPORTERS)],
    ),
    Row(
        "membership:member_import_undo",
        kwargs=lambda w: {"token": _fresh_import(w, run=True).token},
        get=None,
        posts=[Post(IMPORTERS)],
    ),
    Row(
        "membership:member_import_resend",
        kwargs=lambda w: {"token": _fresh_import(w, run=True).token},
        get=None,
        posts=[Post(IMPORTERS)],
    ),
    Row(
        # The link of an invitation e-mail: for the invited person, not signed in.
        "membership:invitation_accept",
        kwargs=_fresh_invitation,
        get=roles(VISITOR),
        posts=[Post(roles(VISITOR), lambda w, kw: {**NEW_PASSWORD, "accept": "on"})],
    ),
    Row(
        "membership:coordinators",
        get=roles(GTSC, ADMIN),
        posts=[
            Post(
                roles(GTSC, ADMIN),
                lambda w, kw: {"email": w.fresh_member(None)[1].email, "mesa": w.mesa2.pk},
            )
        ],
    ),
    Row(
        "membership:coordinator_remove",
        kwargs=lambda w: {"pk": w.fresh_coordinator_role(2).pk},
        get=None,
        posts=[Post(roles(GTSC, ADMIN))],
    ),
    Row("membership:directory"),
    Row("membership:directory", query="?q=Alfa", note="search"),
    Row("membership:my_data", get=SIGNED_IN),
    Row(
        "membership:my_answers",
        get=SIGNED_IN,
        posts=[
            Post(SIGNED_IN, lambda w, kw: {"gender": "undisclosed", "youth": "on"}, "save"),
            Post(SIGNED_IN, lambda w, kw: {"erase": "1"}, "erase"),
        ],
    ),
    Row("membership:my_data_export", get=None, posts=[Post(SIGNED_IN)]),
    Row(
        "membership:my_data_delete",
        get=SIGNED_IN,
        posts=[
            Post(
                SIGNED_IN,
                lambda w, kw: {"password": PASSWORD, "confirm": "on"},
                as_double=True,
            )
        ],
    ),
]
