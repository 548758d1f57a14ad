"""Who may download a document (one place, STYLE)."""

import logging

from django.utils.module_loading import import_string

from mecanismo.core.permissions import is_admin, is_gtsc_staff

logger = logging.getLogger(__name__)


def can_download(user, document) -> bool:
    """A document with an access rule (set by the app that requested it) follows that rule at
    every request — e.g. a meeting's minutes stop being public when the meeting is made private.
    Without a rule: public documents for anyone. Platform admins and GT-SC staff read all."""
    if user.is_authenticated and (is_admin(user) or is_gtsc_staff(user)):
        return True
    if document.access:
        try:
            return bool(import_string(document.access)(user, document))
        except ImportError:
            logger.error("documents: access rule %s not found", document.access)
            return False
    return bool(document.public)
