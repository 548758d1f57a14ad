"""Sample values for the membership URLs walked by tests/test_url_walk.py (demo data)."""


def _steps():
    from membership.models import RegistrationStep

    return [*RegistrationStep.values, "no-such-step"]


def _memberships():
    from membership.models import MesaMembership

    return MesaMembership.objects.order_by("status", "id").values_list("pk", flat=True)


def _pending_in_mr1():
    from membership.models import MesaMembership

    return MesaMembership.objects.filter(mesa__number=1, status="pending").values_list(
        "pk", flat=True
    )


def _contacts():
    from membership.models import ContactPerson

    return ContactPerson.objects.order_by("-status", "id").values_list("pk", flat=True)


def _members():
    from membership.models import Member

    return Member.objects.order_by("listed_in_directory", "id").values_list("pk", flat=True)


def _coordinator_roles():
    from mecanismo.core.models import RoleAssignment

    return RoleAssignment.objects.filter(role="coordinator").values_list("pk", flat=True)


def _import_tokens():
    import uuid

    from membership.models import MemberImport

    return [*MemberImport.objects.values_list("token", flat=True)[:3], uuid.uuid4()]


URL_SAMPLES = {
    "membership:member_import:token": _import_tokens,
    "membership:member_import_run:token": _import_tokens,
    "membership:member_import_undo:token": _import_tokens,
    "membership:member_import_resend:token": _import_tokens,
    "membership:invitation_accept:token": lambda: ["not-a-token"],
    "membership:mesa_members_export:fmt": lambda: ["csv", "xlsx", "pdf"],
    "membership:register_step:step": _steps,
    "membership:member_detail:pk": _members,
    "membership:leave_mesa:pk": _memberships,
    "membership:contact_request_decide:pk": _contacts,
    "membership:mesa_request_decide:pk": _pending_in_mr1,
    "membership:coordinator_remove:pk": _coordinator_roles,
}
