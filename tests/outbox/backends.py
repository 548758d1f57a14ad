"""Test-only e-mail backends (stand-ins for an SMTP server)."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FailingBackend(LocmemBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable (test)")


class SlowFileBackend(FileBackend):
    """The file backend, made slow by OUTBOX_TEST_SEND_DELAY seconds *before* writing, so a test
    can kill the worker in the middle of a send (the message is then not delivered)."""

    def send_messages(self, messages):
        delay = float(os.environ.get("OUTBOX_TEST_SEND_DELAY", "0") or 0)
        if delay:
            marker = os.environ.get("OUTBOX_TEST_SENDING_MARKER")
            if marker:
                with open(marker, "a") as fh:
                    fh.write("sending\n")
            time.sleep(delay)
        return super().send_messages(messages)
