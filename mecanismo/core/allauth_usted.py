# ruff: noqa: E501  (allauth's msgids, kept verbatim)
"""Spanish wording of django-allauth in the portal's register (issue 10).

allauth's Spanish catalogue mixes "tú" and "usted" (the confirmation e-mail says "vete a
<enlace>"); the portal says "usted" throughout. The msgids below are allauth's own, marked here
so that makemessages keeps them in the root catalogue, whose Spanish msgstr wins over allauth's
(LOCALE_PATHS come first). They are translated in Spanish only: in the other languages the
msgstr stays empty, so allauth's own translation is used (tests/test_translations.py accepts
that for entries whose comment says "upstream wording, only in: es").
"""

from django.utils.translation import gettext_noop

# fmt: off
MSGIDS = [
    # Translators: upstream wording, only in: es
    gettext_noop('Please select only one.'),
    # Translators: upstream wording, only in: es
    gettext_noop('Be patient, you are sending too many requests.'),
    # Translators: upstream wording, only in: es
    gettext_noop('You cannot generate recovery codes without having two-factor authentication enabled.'),
    # Translators: upstream wording, only in: es
    gettext_noop('Your email has been changed from %(from_email)s to %(to_email)s.'),
    # Translators: upstream wording, only in: es
    gettext_noop("You're receiving this email because user %(user_display)s has given your email address to register an account on %(site_domain)s."),
    # Translators: upstream wording, only in: es
    gettext_noop('Your email verification code is listed below. Please enter it in your open browser window.'),
    # Translators: upstream wording, only in: es
    gettext_noop('To confirm this is correct, go to %(activate_url)s'),
    # Translators: upstream wording, only in: es
    gettext_noop('Email address %(deleted_email)s has been removed from your account.'),
    # Translators: upstream wording, only in: es
    gettext_noop('You currently do not have any email address set up. You should really add an email address so you can receive notifications, reset your password, etc.'),
    # Translators: upstream wording, only in: es
    gettext_noop('We have sent an email to you for verification. Follow the link provided to finalize the signup process. If you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do not receive the verification email within a few minutes.'),
    # Translators: upstream wording, only in: es
    gettext_noop('<strong>Note:</strong> you can still <a href="%(email_url)s">change your email address</a>.'),
    # Translators: upstream wording, only in: es
    gettext_noop("Save them  in a secure location now — they won't be shown again."),
    # Translators: upstream wording, only in: es
    gettext_noop('Are you sure?'),
    # Translators: upstream wording, only in: es
    gettext_noop('You are about to deactivate authenticator app based authentication. Are you sure?'),
    # Translators: upstream wording, only in: es
    gettext_noop('If you choose to trust this browser, you will not be asked for a verification code the next time you sign in.'),
    # Translators: upstream wording, only in: es
    gettext_noop('Are you sure you want to sign out?'),
    # Translators: upstream wording, only in: es
    gettext_noop('Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.'),
]
# fmt: on
