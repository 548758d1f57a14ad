"""Authorisation matrix rows of the rendered documents (minutes PDFs). Format:
tests/security/authz.py."""

from tests.security.authz import ADMIN, COORD1, GTSC, MEMBERS, Row, roles

ROWS = [
    Row(
        "documents:download",
        kwargs=lambda w: {"token": w.public_pdf.token, "filename": w.public_pdf.filename},
    ),
    Row(
        "documents:download",
        kwargs=lambda w: {"token": w.private_pdf.token, "filename": w.private_pdf.filename},
        get=roles(MEMBERS, COORD1, GTSC, ADMIN),
        note="private meeting",
    ),
]
