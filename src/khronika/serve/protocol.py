"""uvicorn's HTTP/1.1 protocol (h11) with deadlines on slow and idle clients.

uvicorn closes a keep-alive connection idle for `timeout_keep_alive` seconds after a response,
but sets no deadline on a fresh connection that never sends a byte, on request headers sent one
byte at a time, or on a body that trickles: each such socket stayed open indefinitely (past 40 s,
measured), and a few hundred of them exhausted the open-file limit so that normal requests
timed out. Here every phase of a request has a deadline that incoming bytes do not extend:

- a new or kept-alive connection must start a request within IDLE_S (`timeout_keep_alive`);
- once a request has started, its headers must be complete within HEADER_S;
- its body must be complete within BODY_S (5 MB, the body limit, takes well under a second on
  any network that can use this server).

A connection past its deadline is closed. While the application works on a request no deadline
runs (the query budget bounds that).
"""
from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_S = 10.0
BODY_S = 30.0
MAX_HEADER_BYTES = 16 * 1024  # h11's limit on an incomplete request head (uvicorn's default too)


class GuardedH11Protocol(H11Protocol):
    header_s = HEADER_S
    body_s = BODY_S

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._phase: str | None = None  # "idle", "header", "body" or None while the app works

    def _arm(self, phase: str, seconds: float) -> None:
        if self._phase == phase:
            return  # already running for this phase: bytes do not extend it
        self._disarm()
        self._phase = phase
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self._phase = None, None

    def _expired(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.logger.info("closing a connection from %s: %s deadline passed", self.client, self._phase)
            self.transport.close()

    def _follow(self) -> None:
        """Set the deadline for the phase the connection is in now."""
        if self.transport.is_closing():
            self._disarm()
            return
        state = self.conn.their_state
        if state is h11.IDLE:
            if self.conn.trailing_data[0]:
                self._arm("header", self.header_s)  # part of a request head is in
            elif self.cycle is None or self.cycle.response_complete:
                self._arm("idle", self.timeout_keep_alive)
        elif state is h11.SEND_BODY:
            self._arm("body", self.body_s)
        else:
            self._disarm()  # the request is in: the application has it

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._follow()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._unset_keepalive_if_required()  # our idle deadline replaces uvicorn's keep-alive timer
        self._follow()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)
