"""Thin views: parse the request, call a service or selector, render or redirect."""

from __future__ import annotations

from ._common import (  # noqa: F401
    _error_text,
    _form_error_text,
    _posted,
    denies,
    forbidden,
)
from .contacts import (  # noqa: F401
    contact_request_decide,
    contact_requests,
)
from .coordination import (  # noqa: F401
    _coordinated_mesa,
    coordination,
    coordinator_remove,
    coordinators,
    mesa_composition,
    mesa_members,
    mesa_request_decide,
    mesa_requests,
)
from .imports import (  # noqa: F401
    invitation_accept,
    member_import,
    member_import_resend,
    member_import_run,
    member_import_undo,
    member_imports,
    mesa_members_export,
)
from .members import (  # noqa: F401
    directory,
    member_detail,
    member_edit,
)
from .memberships import (  # noqa: F401
    leave_mesa,
    my_mesas,
)
from .my_data import (  # noqa: F401
    my_answers,
    my_data,
    my_data_delete,
    my_data_export,
)
from .registration import (  # noqa: F401
    STEPS_CLAIM,
    STEPS_NEW,
    _claim_submit,
    _has_current_consent,
    _redirect_if_registered,
    _render_step,
    _step_about,
    _step_claim,
    _step_kind,
    _step_privacy,
    _step_profile,
    claim_duplicate,
    privacy_consent,
    register,
    register_step,
)
