"""django-allauth adapter: the portal's hooks into account mail and sign-up."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # A new account starts in the language the person was reading the site in.
        lang = (get_language() or "es")[:2]
        if lang in {"es", "en", "pt", "fr"}:
            user.language = lang
        return super().save_user(request, user, form, commit=commit)
