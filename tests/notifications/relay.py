"""A real SMTP relay on a free loopback port that a test (or a benchmark) can stop, hang and
refuse recipients on: delivery is proven against a server, not a mock of our own code.

    relay = Relay(); relay.start()      # aiosmtpd in a thread, messages kept in relay.messages
    relay.stop()                        # connection refused
    relay.hang()                        # accepts connections and never answers
    relay.refuse["x@example.org"] = "550 5.1.1 No such user"   # or "450 4.2.1 Try later"

`python -m tests.notifications.relay --port N --out FILE` runs one as a process that writes one
line per message received (its X-GA-Notification header), for the benchmark.
"""

from __future__ import annotations

import argparse
import email
import re
import socket
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller

NOTIFICATION_HEADER = re.compile(rb"^X-GA-Notification: (\d+)", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, relay: Relay) -> None:
        self.relay = relay

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.relay.refuse.get(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        relay = self.relay
        if relay.fail_after is not None and len(relay.messages) >= relay.fail_after:
            relay.stop_soon()
            server.transport.close()  # cut off before the reply: the client cannot tell
            return "421 closing"
        relay.peers.add(session.peer)
        relay.received(envelope.content)
        return "250 Message accepted for delivery"


class Relay:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.messages: list[email.message.Message] = []
        self.refuse: dict[str, str] = {}
        self.peers: set = set()  # one (host, port) per connection that delivered a message
        self.fail_after: int | None = None  # drop the connection at this message's DATA
        self._lock = threading.Lock()
        self._controller: Controller | None = None
        self._silent: socket.socket | None = None
        self._held: list[socket.socket] = []

    def received(self, content: bytes) -> None:
        with self._lock:
            self.messages.append(email.message_from_bytes(content))

    def notification_ids(self) -> list[int]:
        with self._lock:
            return [int(m["X-GA-Notification"].split()[0]) for m in self.messages]

    def start(self) -> Relay:
        self._close_silent()
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        self._close_silent()

    def stop_soon(self) -> None:
        threading.Thread(target=self.stop, daemon=True).start()

    def hang(self) -> None:
        """Stop answering: connections are accepted and then nothing is ever said."""
        self.stop()
        silent = socket.socket()
        silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        silent.bind(("127.0.0.1", self.port))
        silent.listen(64)
        silent.settimeout(0.2)
        self._silent = silent

        def accept() -> None:
            while self._silent is silent:
                try:
                    conn, _address = silent.accept()
                except OSError:
                    continue
                self._held.append(conn)

        threading.Thread(target=accept, daemon=True).start()

    def _close_silent(self) -> None:
        silent, self._silent = self._silent, None
        if silent is not None:
            time.sleep(0.3)  # let the accepting thread see it is done
            silent.close()
        for conn in self._held:
            conn.close()
        self._held.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description="An SMTP relay writing one line per message.")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    out = args.out.open("a", buffering=1)

    class Logging(Relay):
        def received(self, content: bytes) -> None:
            found = NOTIFICATION_HEADER.search(content)
            out.write(f"{found.group(1).decode() if found else '?'}\n")

    Logging(args.port).start()
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
