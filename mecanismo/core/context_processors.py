from django.conf import settings

from . import permissions


def portal(request):
    user = getattr(request, "user", None)
    return {
        "LANGUAGES": settings.LANGUAGES,
        "perms_portal": {
            "is_admin": permissions.is_admin(user),
            "is_gtsc": permissions.is_gtsc_staff(user),
            "is_coordinator": permissions.is_coordinator(user),
            "can_view_dashboards": permissions.can_view_dashboards(user),
            "can_assign_roles": permissions.can_assign_roles(user),
        }
        if user is not None and user.is_authenticated
        else {},
    }
