"""Bodies that meet and their meetings (§6): agenda, proposals, RSVPs, attendance, agreements,
action items, minutes and calendar feeds. The mesas themselves are reference data in core."""

from __future__ import annotations

from .actions import (  # noqa: F401
    ActionItemAction,
    MeetingAction,
    MinutesAction,
    ProposalAction,
)
from .agenda import (  # noqa: F401
    AgendaDocument,
    AgendaItem,
    AgendaProposal,
    ProposalStatus,
    _document_path,
)
from .bodies import (  # noqa: F401
    Body,
    BodyKind,
    Cadence,
)
from .calendar import (  # noqa: F401
    CalendarToken,
    _new_token,
)
from .consultations import (  # noqa: F401
    Consultation,
    ConsultationComment,
    DraftKind,
    DraftVersion,
)
from .dialogues import (  # noqa: F401
    Dialogue,
    DialoguePresentation,
)
from .indicators import (  # noqa: F401
    Direction,
    Indicator,
    Measurement,
)
from .inputs import (  # noqa: F401
    Input,
    InputStatus,
)
from .meetings import (  # noqa: F401
    RSVP_BY_MODALITY,
    Attendance,
    AttendanceMark,
    Invitation,
    Meeting,
    MeetingStatus,
    Modality,
    Presence,
    Rsvp,
    Speaker,
    SpeakerRole,
)
from .minutes import (  # noqa: F401
    Minutes,
    MinutesComment,
    MinutesStatus,
    MinutesVersion,
)
from .outcomes import (  # noqa: F401
    ActionItem,
    ActionStatus,
    Agreement,
)
from .recommendations import (  # noqa: F401
    Addressee,
    FollowUp,
    FollowUpTrack,
    ImplementationStatus,
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
    RecommendationTranslation,
    RecommendationVersion,
    ResponseStatus,
    SourceKind,
)
