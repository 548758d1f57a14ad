"""Logging filters. A refused request (403) is a normal answer, not an error: Django logs it as
a warning with the exception's traceback, which in `make run` buries the verification links
printed to the console. It is logged at INFO, one line, without a traceback (issue 10)."""

from __future__ import annotations

import logging


class ForbiddenIsInfo(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.levelno = logging.INFO
            record.levelname = logging.getLevelName(logging.INFO)
            record.exc_info = None
            record.exc_text = None
        return True
