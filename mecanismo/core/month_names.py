"""Brazilian Portuguese writes month names in lower case ("12 de março de 2026"); Django's
Portuguese catalogue capitalises them ("12 de Março"). Django's own msgids, marked here so that
makemessages keeps them in the root catalogue, whose msgstr wins (issue 10). Translated in
Portuguese only: elsewhere the msgstr stays empty and Django's own translation is used."""

from django.utils.translation import gettext_noop

# fmt: off
MONTHS = [
    # Translators: upstream wording, only in: pt
    gettext_noop("January"),
    # Translators: upstream wording, only in: pt
    gettext_noop("February"),
    # Translators: upstream wording, only in: pt
    gettext_noop("March"),
    # Translators: upstream wording, only in: pt
    gettext_noop("April"),
    # Translators: upstream wording, only in: pt
    gettext_noop("May"),
    # Translators: upstream wording, only in: pt
    gettext_noop("June"),
    # Translators: upstream wording, only in: pt
    gettext_noop("July"),
    # Translators: upstream wording, only in: pt
    gettext_noop("August"),
    # Translators: upstream wording, only in: pt
    gettext_noop("September"),
    # Translators: upstream wording, only in: pt
    gettext_noop("October"),
    # Translators: upstream wording, only in: pt
    gettext_noop("November"),
    # Translators: upstream wording, only in: pt
    gettext_noop("December"),
]
# fmt: on
