"""A portal process for the broker-outage test: one real request through Django's stack.

Run as `python -m tests.integration.portal_request <email>` with the test's environment. Prints a
JSON line with the response status and how long the request took.
"""

import json
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.integration.worker_settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402


def main() -> None:
    email = sys.argv[1]
    client = Client()
    client.get("/es/accounts/password/reset/")  # warm-up: URLconf and templates load once
    started = time.monotonic()
    response = client.post("/es/accounts/password/reset/", {"email": email})
    elapsed = time.monotonic() - started
    print(json.dumps({"status": response.status_code, "elapsed": elapsed}))


if __name__ == "__main__":
    main()
