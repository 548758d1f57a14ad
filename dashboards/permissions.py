"""Who sees which dashboard (§8): GT-SC staff and admins everything; a mesa's coordinators their
own mesa's sections only; everyone else nothing (403, or the login page)."""

from mecanismo.core import permissions as core
from mecanismo.core.models import Mesa


def can_view_dashboard(user) -> bool:
    return core.can_view_dashboards(user)


def sees_everything(user) -> bool:
    return core.is_admin(user) or core.is_gtsc_staff(user)


def can_view_scope(user, mesa) -> bool:
    """`mesa` None is every mesa together: GT-SC staff and admins only."""
    if sees_everything(user):
        return True
    return mesa is not None and mesa.pk in core.coordinated_mesa_ids(user)


def can_download_report(user, document) -> bool:
    """A dashboard PDF: its requester, while they may still see its scope (documents access)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if document.params.get("user_id") != user.pk:
        return False
    mesa_id = document.params.get("mesa_id")
    mesa = Mesa.objects.filter(pk=mesa_id).first() if mesa_id else None
    return can_view_scope(user, mesa)
