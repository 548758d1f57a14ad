from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mecanismo.core"
    label = "core"
    verbose_name = _("Reference data and accounts")

    def ready(self):
        # One rule for every text field of every form (ours, the admin's, allauth's): no control
        # or bidirectional-override characters (issue 11). Subclasses with validators of their
        # own (e-mail, URL, slug) keep theirs, which refuse such characters too.
        from django import forms

        from .validators import validate_plain_text

        if validate_plain_text not in forms.CharField.default_validators:
            forms.CharField.default_validators = [
                *forms.CharField.default_validators,
                validate_plain_text,
            ]
