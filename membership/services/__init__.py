"""Every write of the membership app (§3, §9): one function per use case.

Functions take keyword-only arguments, run in `transaction.atomic`, check the permission they
enforce (raising PermissionDenied) or validate their input (raising ValidationError with a
translated message) BEFORE writing anything, write an audit entry for sensitive changes, and queue
e-mail through the outbox inside the same transaction."""

from __future__ import annotations

from ._common import (  # noqa: F401
    PROFILE_FIELDS,
    SENSITIVE_FIELDS,
    _decide,
    _email,
    decision_reason_check,
)
from .contacts import (  # noqa: F401
    contact_request_create,
    contact_request_decide,
)
from .exports import (  # noqa: F401
    mesa_members_export,
    mesa_members_export_rows,
)
from .imports import (  # noqa: F401
    can_import_members,
    import_file_read,
    import_rows_check,
    import_summary,
    member_import_for,
    member_import_prepare,
    member_import_resend,
    member_import_run,
    member_import_undo,
    member_import_undo_blockers,
    member_import_waiting,
    note_text,
)
from .invitations import (  # noqa: F401
    invitation_accept,
    invitation_contact,
    invitation_token,
)
from .memberships import (  # noqa: F401
    _close_memberships,
    _tell_coordinators,
    mesa_membership_decide,
    mesa_membership_leave,
    mesa_membership_request,
)
from .my_data import (  # noqa: F401
    _anonymous_name,
    _dt,
    account_delete,
    member_archive,
    my_data_export,
)
from .profile import (  # noqa: F401
    member_update,
)
from .registration import (  # noqa: F401
    _assert_no_profile,
    member_register,
    privacy_consent_record,
    registration_draft_save,
    self_declaration_erase,
    self_declaration_save,
)
from .roles import (  # noqa: F401
    coordinator_assign,
    coordinator_remove,
)
