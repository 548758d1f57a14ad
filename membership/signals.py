from django.contrib.auth.signals import user_logged_in
from django.dispatch import Signal, receiver

from .middleware import SESSION_KEY
from .selectors import privacy_reconsent_needed

# Sent inside the transaction of the change, once per MesaMembership row, with `membership=row`.
# Other apps (mesas: meeting invitations) subscribe in their AppConfig.ready(); membership knows
# nothing about them.
mesa_membership_approved = Signal()  # row is now approved: the member belongs to row.mesa
mesa_membership_ended = Signal()  # an approved row was closed (left, archived, account deleted)
# Sent with `contact=row` (a ContactPerson) when a person starts or stops acting for a member.
contact_person_approved = Signal()
contact_person_left = Signal()


@receiver(user_logged_in, dispatch_uid="membership_privacy_reconsent")
def flag_privacy_reconsent(sender, request, user, **kwargs):
    """A newer privacy notice than the one accepted → ask again at this login (§9)."""
    session = getattr(request, "session", None)
    if session is None:
        return
    if privacy_reconsent_needed(user):
        session[SESSION_KEY] = True
    else:
        session.pop(SESSION_KEY, None)
