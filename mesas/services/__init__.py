"""Every write about bodies, meetings and minutes (§6). One function per use case, keyword-only,
atomic; the caller passes the acting user and the function checks the object-level permission
(mesas/permissions.py) itself, so a view cannot forget it. E-mail goes through the outbox
(`email_enqueue`, one call per recipient with a dedup key) and PDFs through `document_request`,
both inside the transaction of the change that causes them."""

from __future__ import annotations

from ._common import (  # noqa: F401
    EMAIL_PREFIX,
    MAX_DOCUMENT_BYTES,
    _email,
    _require,
    _user_zone,
    format_when,
    meeting_email_context,
)
from .agenda import (  # noqa: F401
    _next_position,
    agenda_document_attach,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    agenda_proposal_decide,
    agenda_proposal_submit,
)
from .attendance import (  # noqa: F401
    attendance_mark_all_present,
    attendance_open,
    attendance_record,
    rsvp_set,
)
from .calendar import (  # noqa: F401
    calendar_token_for,
    calendar_token_reset,
)
from .consultations import (  # noqa: F401
    consultation_answer,
    consultation_comment,
    consultation_open,
    consultation_reminders_send,
    consultation_revise,
)
from .dialogues import (  # noqa: F401
    dialogue_agenda_start,
    dialogue_present,
    dialogue_record,
)
from .follow_up import (  # noqa: F401
    follow_up_record,
    recommendation_reminders_send,
)
from .indicators import (  # noqa: F401
    indicator_define,
    measurement_correct,
    measurement_record,
)
from .inputs import (  # noqa: F401
    input_acknowledge,
    input_link,
    input_submit,
)
from .invitations import (  # noqa: F401
    _upcoming_mesa_meetings,
    default_invitees,
    invitation_emails_send,
    invitations_contact_joined,
    invitations_contact_left,
    invitations_member_joined,
    invitations_member_left,
    invitations_sync,
)
from .meetings import (  # noqa: F401
    _set_speakers,
    _validate_move,
    _validate_new_start,
    _validate_times,
    meeting_cancel,
    meeting_modality_check,
    meeting_schedule,
    meeting_update,
)
from .minutes import (  # noqa: F401
    _freeze_version,
    _minutes_locked,
    minutes_approve,
    minutes_circulate,
    minutes_comment,
    minutes_correct,
    minutes_pdf_filename,
    minutes_pdf_request,
    minutes_save,
)
from .outcomes import (  # noqa: F401
    action_item_add,
    action_item_set_status,
    agreement_add,
)
from .recommendations import (  # noqa: F401
    recommendation_adopt,
    recommendation_create,
    recommendation_publish,
    recommendation_translate,
    recommendation_update,
)
from .reminders import (  # noqa: F401
    action_item_reminders_send,
    meeting_reminders_send,
    quarter_reminders_send,
)
