"""Thin views: parse the request, ask permissions.py, call a service or selector, render."""

from __future__ import annotations

from ._common import (  # noqa: F401
    DOCUMENT_TYPES,
    PAGE_SIZE,
    _apply_errors,
    _meeting_for_manager,
)
from .agenda import (  # noqa: F401
    agenda_document_upload,
    agenda_item_delete,
    agenda_item_edit,
    agenda_item_move,
    agenda_manage,
    document_download,
    proposal_accept,
    proposal_decline,
    proposals,
)
from .attendance import (  # noqa: F401
    action_item_transition,
    attendance,
    attendance_all_present,
    outcomes,
)
from .bodies import (  # noqa: F401
    body_detail,
    body_list,
    body_overview,
)
from .calendar import (  # noqa: F401
    calendar,
    feed_body,
    feed_private,
    meeting_ics,
    my_calendar,
)
from .meetings import (  # noqa: F401
    meeting_cancel,
    meeting_create,
    meeting_detail,
    meeting_edit,
    rsvp,
)
from .minutes import (  # noqa: F401
    minutes,
    minutes_approve,
    minutes_circulate,
    minutes_comment,
    minutes_correct,
    minutes_save,
)
from .public import (  # noqa: F401
    mesa_detail,
    mesa_list,
    objective_detail,
    objective_list,
)
