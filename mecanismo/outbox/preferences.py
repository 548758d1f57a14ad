"""Sections other apps add to the notification preferences page.

The outbox owns the page (`/<lang>/settings/notifications/`) and its reminder switches; an app
whose mail has its own kind of setting (the communication app's frequencies) registers a section
in its AppConfig.ready(): a form built for the user, saved by the section, rendered with its
template below the switches. The outbox never imports those apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    code: str
    template: str
    form: Callable  # form(user, data) -> bound or unbound form, prefix = code
    save: Callable  # save(user, form) after the form is valid


SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    SECTIONS[section.code] = section
