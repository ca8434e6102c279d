"""The agencies' client: push a return to the hub and wait for its outcome.

The file is streamed from disk (a return can be large and an agency's export server
small), then the status URL is polled until validation and loading are over. Every
failure becomes a :class:`PushError` whose message says what to do, with the hub's own
explanation when it gave one.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

import requests

from workers.errors import SdhError

#: A submission in one of these states is still being worked on by the hub.
PENDING = frozenset({"received", "validating", "validated", "loading"})
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 120.0
USER_AGENT = "sdh-push/1"


class PushError(SdhError):
    """The return could not be delivered, or its outcome not fetched."""

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None):
        super().__init__(message)
        self.status = status
        self.code = code


class MultipartFile:
    """A one-file multipart/form-data body read from disk as it is sent.

    ``requests`` only streams bodies that are file-like; its own ``files=`` builds the whole
    body in memory. ``__len__`` gives it the Content-Length, so the hub can refuse a file
    that is too large before it is sent.
    """

    def __init__(self, path: Path, fields: dict[str, str], field: str = "file") -> None:
        self.boundary = "sdh" + secrets.token_hex(16)
        head = b"".join(
            self._part_header(name) + value.encode("utf-8") + b"\r\n"
            for name, value in fields.items()
        )
        # As browsers send it: UTF-8, with only the characters that would break the header
        # escaped.
        filename = path.name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
        head += self._part_header(field, filename)
        self._head = head
        self._tail = f"\r\n--{self.boundary}--\r\n".encode()
        self._size = path.stat().st_size
        self._file: BinaryIO = path.open("rb")
        self._stage = 0  # 0: head, 1: file, 2: tail, 3: done
        self._offset = 0

    def _part_header(self, name: str, filename: str | None = None) -> bytes:
        disposition = f'form-data; name="{name}"'
        lines = [f"--{self.boundary}"]
        if filename is not None:
            disposition += f'; filename="{filename}"'
            lines += [
                f"Content-Disposition: {disposition}",
                "Content-Type: application/octet-stream",
            ]
        else:
            lines += [f"Content-Disposition: {disposition}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return len(self._head) + self._size + len(self._tail)

    def __iter__(self):
        while chunk := self.read(64 * 1024):
            yield chunk

    def read(self, size: int = -1) -> bytes:
        out = b""
        while self._stage < 3 and (size < 0 or len(out) < size):
            want = -1 if size < 0 else size - len(out)
            if self._stage == 1:
                chunk = self._file.read(want)
            else:
                part = self._head if self._stage == 0 else self._tail
                end = len(part) if want < 0 else self._offset + want
                chunk = part[self._offset : end]
                self._offset += len(chunk)
            if chunk:
                out += chunk
            else:
                self._stage += 1
                self._offset = 0
        return out

    def close(self) -> None:
        self._file.close()


def _explain(response: requests.Response) -> PushError:
    """The hub's own message when it sent one, else the status and the start of the body."""
    code = None
    try:
        error = response.json()["error"]
        message, code = error["message"], error.get("code")
    except (ValueError, KeyError, TypeError):
        message = response.text[:300].strip() or response.reason
    what = "refused the request" if response.status_code < 500 else "failed"
    return PushError(
        f"The hub {what} (HTTP {response.status_code}): {message}",
        status=response.status_code,
        code=code,
    )


def _unreachable(api_url: str, exc: requests.RequestException) -> PushError:
    if isinstance(exc, requests.ConnectTimeout):
        why = "the connection timed out"
    elif isinstance(exc, requests.ConnectionError) and "refused" in str(exc).lower():
        why = "the connection was refused (is the hub running there? `sdh serve` starts it)"
    elif isinstance(exc, requests.ConnectionError):
        why = (
            "the connection failed or was closed while sending (a file over the hub's size "
            f"limit is cut off this way): {exc.__class__.__name__}"
        )
    elif isinstance(exc, requests.Timeout):
        why = "the hub did not answer in time"
    else:
        why = str(exc)
    return PushError(f"Cannot reach the hub at {api_url}: {why}")


def _headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "User-Agent": USER_AGENT}


def upload_return(
    api_url: str,
    token: str,
    contract: str,
    path: Path,
    period: str | None = None,
    *,
    session: requests.Session | None = None,
) -> dict[str, Any]:
    """POST the file; the hub's receipt (``submission_id``, ``status``, ``duplicate``, …)."""
    path = Path(path)
    if not path.is_file():
        raise PushError(f"{path}: no such file")
    http = session or requests.Session()
    url = f"{api_url.rstrip('/')}/api/v1/returns/{quote(contract, safe='')}"
    body = MultipartFile(path, {"period": period} if period else {})
    try:
        response = http.post(
            url,
            data=body,
            headers={**_headers(token), "Content-Type": body.content_type},
            timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
        )
    except requests.RequestException as exc:
        raise _unreachable(api_url, exc) from None
    finally:
        body.close()
    if response.status_code not in (200, 202):
        raise _explain(response)
    return response.json()


def fetch_status(
    status_url: str,
    token: str,
    *,
    page_size: int = 20,
    session: requests.Session | None = None,
) -> dict[str, Any]:
    """The submission as the hub sees it now (first ``page_size`` row issues)."""
    http = session or requests.Session()
    try:
        response = http.get(
            status_url,
            params={"page_size": page_size},
            headers=_headers(token),
            timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
        )
    except requests.RequestException as exc:
        raise _unreachable(status_url, exc) from None
    if response.status_code != 200:
        raise _explain(response)
    return response.json()


def push_return(
    api_url: str,
    token: str,
    contract: str,
    path: Path | str,
    period: str | None = None,
    wait: bool = True,
    timeout: float = 600.0,
    *,
    poll_interval: float = 0.5,
    page_size: int = 20,
) -> dict[str, Any]:
    """Deliver a return; with ``wait``, poll until the hub has finished with it.

    Returns the receipt when not waiting, else the submission (``status`` plus row
    accounting, rules and the first row issues). When ``timeout`` passes first, the last
    status seen is returned: its ``status`` is still one of :data:`PENDING`.
    """
    with requests.Session() as http:
        receipt = upload_return(api_url, token, contract, Path(path), period, session=http)
        if not wait:
            return receipt
        deadline = time.monotonic() + timeout
        delay = poll_interval
        while True:
            status = fetch_status(receipt["status_url"], token, page_size=page_size, session=http)
            status["duplicate"] = receipt["duplicate"]
            if status["status"] not in PENDING or time.monotonic() >= deadline:
                return status
            time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
            delay = min(delay * 1.5, 5.0)
