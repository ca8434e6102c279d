"""A small local stand-in for the agencies' systems: serves returns over HTTP for pulls.

It serves a folder laid out like the sample generator's output, at
``/<contract>/<agency>/<period>.csv``, the way a well-behaved agency export endpoint
would: strong ETags (the sha256 of the bytes), Last-Modified, 304 for a matching
conditional request, 404 for a period not delivered yet, and a bearer token per agency
when one is configured. ``sdh simulate`` and ``sdh demo`` run it; tests use its fault
hook (:meth:`AgencySimulator.inject`) to make the next requests for a path time out,
fail, break off half-way or serve different columns.

It binds to 127.0.0.1 by default and is for local use only.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import hmac
import io
import socket
import sys
import threading
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

FAULT_KINDS = ("timeout", "status", "truncate", "columns")


@dataclass
class Fault:
    """What the next ``times`` requests for a path get instead of the file.

    timeout: no answer for ``delay`` seconds, then the connection closes;
    status: HTTP ``status`` (with ``Retry-After: retry_after`` if given);
    truncate: a Content-Length for the whole file but only half the bytes, then close;
    columns: the file with its last column dropped (a header the contract does not expect).
    """

    kind: str
    times: int = 1
    status: int = 500
    delay: float = 5.0
    retry_after: int | None = None


@dataclass
class SeenRequest:
    """One request as the simulator saw it (Authorization hidden), for tests to inspect."""

    path: str
    headers: dict[str, str]
    status: int | None = None


@dataclass
class _Resource:
    body: bytes
    etag: str
    mtime: float


class AgencySimulator(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        directory: Path,
        address: tuple[str, int],
        tokens: dict[str, str] | None = None,
        verbose: bool = False,
    ) -> None:
        self.directory = Path(directory).resolve()
        self.tokens = dict(tokens or {})
        self.verbose = verbose
        #: False: serve without ETag and Last-Modified and ignore conditional headers.
        self.conditional = True
        self.requests: list[SeenRequest] = []
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self._faults: dict[str, list[Fault]] = {}
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        super().__init__(address, _Handler)

    @property
    def base_url(self) -> str:
        host, port = self.socket.getsockname()[:2]
        return f"http://{host}:{port}"

    def inject(self, path: str, kind: str, times: int = 1, **options: float | int | None) -> None:
        """Make the next ``times`` requests for ``path`` (e.g. ``/la-csc-activity/x/2020-04.csv``)
        misbehave; see :class:`Fault` for the kinds and their options."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"fault kind {kind!r}: use one of {', '.join(FAULT_KINDS)}")
        with self._lock:
            self._faults.setdefault(path, []).append(Fault(kind, times, **options))  # type: ignore[arg-type]

    def take_fault(self, path: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(path)
            if not queue:
                return None
            fault = queue[0]
            fault.times -= 1
            if fault.times <= 0:
                queue.pop(0)
            return fault

    def requests_for(self, path: str) -> list[SeenRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def remember(self, seen: SeenRequest) -> None:
        with self._lock:
            self.requests.append(seen)

    # Track open connections so stopping also ends kept-alive ones.
    def process_request(self, request, client_address) -> None:
        with self._lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self._lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._lock:
            open_now = list(self._open)
        for sock in open_now:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # the client gave up (a timeout test): nothing to report
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: AgencySimulator
    protocol_version = "HTTP/1.1"  # keep-alive, so the hub's connection reuse is exercised
    timeout = 60  # an idle kept-alive connection is closed after this many seconds

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        headers = {
            k: ("<hidden>" if k.lower() == "authorization" else v) for k, v in self.headers.items()
        }
        self.seen = SeenRequest(path, headers)
        self.server.remember(self.seen)

        parts = [unquote(p) for p in path.strip("/").split("/")]
        if len(parts) != 3 or any(p in ("", ".", "..") or "/" in p or "\\" in p for p in parts):
            return self._send(404, b"not found\n")
        contract, agency, name = parts
        if not self._authorised(agency):
            return self._send(401, b"unauthorised\n", {"WWW-Authenticate": 'Bearer realm="agency"'})

        fault = self.server.take_fault(path)
        if fault and fault.kind == "timeout":
            self.server.stopping.wait(fault.delay)
            self.close_connection = True
            return None
        if fault and fault.kind == "status":
            extra = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
            return self._send(fault.status, b"simulated failure\n", extra)

        resource = self._load(self.server.directory / contract / agency / name, fault)
        if resource is None:
            return self._send(404, b"no file for this period yet\n")
        validators = {}
        if self.server.conditional:
            validators = {
                "ETag": resource.etag,
                "Last-Modified": formatdate(resource.mtime, usegmt=True),
            }
            if fault is None and self._not_modified(resource):  # a fault always answers
                return self._send(304, b"", validators)
        if fault and fault.kind == "truncate":
            self._send(200, resource.body, validators, write=len(resource.body) // 2)
            self.close_connection = True
            return None
        return self._send(
            200, resource.body, {"Content-Type": "text/csv; charset=utf-8", **validators}
        )

    def _authorised(self, agency: str) -> bool:
        expected = self.server.tokens.get(agency)
        if expected is None:
            return True
        given = self.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())

    def _load(self, file: Path, fault: Fault | None) -> _Resource | None:
        try:
            file = file.resolve()
            if not file.is_relative_to(self.server.directory) or not file.is_file():
                return None
            body = file.read_bytes()
            mtime = file.stat().st_mtime
        except OSError:
            return None
        if fault and fault.kind == "columns":
            body = _drop_last_column(body)
        return _Resource(body, f'"{hashlib.sha256(body).hexdigest()}"', mtime)

    def _not_modified(self, resource: _Resource) -> bool:
        """RFC 9110: If-None-Match wins over If-Modified-Since; weak comparison for it."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
            return "*" in tags or resource.etag in tags
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(resource.mtime) <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _send(
        self,
        status: int,
        body: bytes,
        headers: dict[str, str] | None = None,
        write: int | None = None,
    ) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body if write is None else body[:write])
            self.wfile.flush()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if hasattr(self, "seen") and self.seen.status is None:
            self.seen.status = int(code) if str(code).isdigit() else None
        super().log_request(code, size)

    def log_message(self, format: str, *args) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


def _drop_last_column(body: bytes) -> bytes:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(row[:-1] for row in rows)
    return out.getvalue().encode("utf-8")


def start_simulator(
    directory: Path,
    host: str = "127.0.0.1",
    port: int = 0,
    tokens: dict[str, str] | None = None,
    *,
    verbose: bool = False,
) -> tuple[AgencySimulator, str]:
    """Serve ``directory`` in a background thread; port 0 picks a free port.

    ``tokens`` maps an agency id to the bearer token its requests must carry; an agency
    without one is served without a check. Returns the server and its base URL.
    """
    server = AgencySimulator(Path(directory), (host, port), tokens, verbose)
    server.thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.1},
        name="agency-simulator",
        daemon=True,
    )
    server.thread.start()
    return server, server.base_url


def stop_simulator(server: AgencySimulator) -> None:
    """Stop serving, end open connections and sleeping faults, and free the port."""
    server.stopping.set()
    server.shutdown()
    server.close_connections()
    server.server_close()
    if server.thread is not None:
        server.thread.join(timeout=5)


__all__ = ["AgencySimulator", "Fault", "SeenRequest", "start_simulator", "stop_simulator"]
