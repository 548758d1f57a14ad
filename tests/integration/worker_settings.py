"""Settings of the processes the integration tests start (Celery workers, a portal process).

The test settings with what must cross process boundaries: the e-mail backend and its folder
come from the environment (Django's file backend, so the test reads what the worker sent),. The
portal process whose Redis the test stops keeps the Redis cache: it degrades when Redis is down.
"""

import os

from mecanismo.settings_test import *  # noqa: F403

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "/tmp/mecanismo-test-mail")
