"""Keys for "exactly once" come from mecanismo.outbox.keys, one helper per reason (STYLE)."""

import ast
from pathlib import Path
from types import SimpleNamespace

from mecanismo.outbox import keys

ROOT = Path(__file__).resolve().parents[2]
APPS = ["mecanismo", "membership", "mesas", "vinculacion"]


def test_every_key_to_a_person_ends_with_its_user_segment():
    meeting = SimpleNamespace(pk=4, sequence=2)
    contact = SimpleNamespace(pk=5, user_id=9)
    version = SimpleNamespace(minutes_id=3, number=2)
    personal = [
        keys.contact_requested(contact, 9),
        keys.contact_decided(contact),
        keys.mesa_request_received(7, 9),
        keys.mesa_request_decided(7, 9),
        keys.meeting_reminder(meeting, 9, "7d"),
        keys.meeting_moved(meeting, 9),
        keys.meeting_cancelled(meeting, 9),
        keys.proposal_decided(1, 9),
        keys.minutes_circulated(1, 9),
        keys.action_item_due(1, 9),
        keys.quarter_reminder(1, "2026Q3", 9),
    ]
    assert all(k.endswith(":user:9") for k in personal), personal
    assert len(set(personal)) == len(personal)
    # Existing reasons keep their strings (rows already written must still deduplicate).
    assert keys.meeting_reminder(meeting, 9, "7d") == "mesas:meeting:4:s2:7d:user:9"
    assert keys.minutes_pdf(version) == "minutes:3:v2"


def test_no_call_site_builds_a_key_by_hand():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "keys.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.keyword) and node.arg == "key":
                    if isinstance(node.value, ast.JoinedStr | ast.BinOp):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.value.lineno}")
    assert not offenders, f"build keys with mecanismo.outbox.keys: {offenders}"
