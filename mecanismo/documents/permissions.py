"""Who may download a document (one place, STYLE)."""

import logging

from django.utils.module_loading import import_string

from mecanismo.core.permissions import is_admin, is_gtsc_staff

logger = logging.getLogger(__name__)


def can_download(user, document) -> bool:
    """Public documents: anyone. Private ones: platform admins and GT-SC staff, and whoever the
    document's access rule (set by the app that requested it) allows."""
    if document.public:
        return True
    if not user.is_authenticated:
        return False
    if is_admin(user) or is_gtsc_staff(user):
        return True
    if document.access:
        try:
            return bool(import_string(document.access)(user, document))
        except ImportError:
            logger.error("documents: access rule %s not found", document.access)
    return False
