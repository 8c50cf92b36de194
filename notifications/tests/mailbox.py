"""A mail server stand-in for tests that run a real worker process: one file per message.

The worker is another process, so everything is configured by environment variables and
every piece of state is a file the test can read:

- ``MAILBOX_DIR``: each message the "server" accepts is written to ``<dir>/sent/`` (one
  ``.eml`` file each), and each attempt is a line of ``<dir>/attempts.jsonl`` with what
  the sender's ``Delivery`` rows for that recipient said at that moment.
- ``MAILBOX_DELAY``: seconds the server takes for each message (0 by default).
- ``MAILBOX_FAIL_FIRST``: a regular expression; the first attempt to a recipient whose
  address matches is answered by a dropped connection (``SMTPServerDisconnected``), as a
  mail server that restarts does. Which recipients have failed once is kept in files.
- ``MAILBOX_HOLD_AT``: the server takes the message that would be the N-th accepted one
  and never answers (it writes ``<dir>/holding`` with the address and waits): the moment
  for a test to kill the worker, before that message was accepted.

The worker selects it with ``EMAIL_BACKEND = "notifications.tests.mailbox.FolderBackend"``.
"""

from __future__ import annotations

import json
import os
import re
import smtplib
import time
import uuid
from collections import Counter
from email import message_from_bytes
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

BACKEND = "notifications.tests.mailbox.FolderBackend"


class FolderBackend(BaseEmailBackend):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(os.environ["MAILBOX_DIR"])
        self.delay = float(os.environ.get("MAILBOX_DELAY", "0") or 0)
        fail_first = os.environ.get("MAILBOX_FAIL_FIRST", "")
        self.fail_first = re.compile(fail_first) if fail_first else None
        hold_at = os.environ.get("MAILBOX_HOLD_AT", "")
        self.hold_at = int(hold_at) if hold_at else None

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            self._take(message)
            sent += 1
        return sent

    def _take(self, message) -> None:
        (self.folder / "sent").mkdir(parents=True, exist_ok=True)
        (self.folder / "failed-once").mkdir(parents=True, exist_ok=True)
        address = message.to[0]
        seen = _deliveries_of(address)  # inside the sender's transaction: its current state
        if self.fail_first and self.fail_first.search(address):
            marker = self.folder / "failed-once" / address
            if not marker.exists():
                marker.touch()
                _log(self.folder, address, "disconnected", seen)
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        if self.hold_at is not None and len(accepted_files(self.folder)) + 1 == self.hold_at:
            (self.folder / "holding").write_text(address)
            time.sleep(600)  # the test kills the worker meanwhile
        time.sleep(self.delay)
        name = self.folder / "sent" / f"{uuid.uuid4().hex}.eml"
        partial = name.with_suffix(".partial")
        partial.write_bytes(message.message().as_bytes())
        partial.rename(name)  # whole, or not there at all
        _log(self.folder, address, "accepted", seen)


def _deliveries_of(address: str) -> list[dict]:
    from notifications.models import Delivery

    return list(
        Delivery.objects.filter(recipient__email=address).values(
            "kind", "status", "attempts", "last_error"
        )
    )


def _log(folder: Path, address: str, outcome: str, seen: list[dict]) -> None:
    line = json.dumps({"to": address, "outcome": outcome, "deliveries": seen}) + "\n"
    with open(folder / "attempts.jsonl", "a", encoding="utf-8") as log:
        log.write(line)


def accepted_files(folder: Path) -> list[Path]:
    sent = Path(folder) / "sent"
    return sorted(sent.glob("*.eml")) if sent.exists() else []


def accepted(folder: Path) -> Counter:
    """How many messages the server accepted for each recipient."""
    return Counter(message_from_bytes(path.read_bytes())["To"] for path in accepted_files(folder))


def attempts(folder: Path) -> list[dict]:
    log = Path(folder) / "attempts.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
