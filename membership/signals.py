from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import SESSION_KEY


@receiver(user_logged_in, dispatch_uid="membership_privacy_reconsent")
def flag_privacy_reconsent(sender, request, user, **kwargs):
    """A newer privacy notice than the one accepted → ask again at this login (§9)."""
    from .services import privacy_reconsent_needed

    session = getattr(request, "session", None)
    if session is None:
        return
    if privacy_reconsent_needed(user):
        session[SESSION_KEY] = True
    else:
        session.pop(SESSION_KEY, None)
