"""The two ways a notification leaves the hub: an email through SMTP, a JSON POST to a
webhook. Each raises on failure with a message worth keeping in the outbox row."""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

USER_AGENT = "safeguarding-data-hub-notify/1"


class DeliveryError(Exception):
    """The mail server or the webhook refused, or could not be reached."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    tls: bool = False  # TLS from the start (smtps://)
    starttls: bool = False  # plain connection upgraded with STARTTLS

    @classmethod
    def from_url(cls, url: str) -> SmtpConfig:
        """``smtp://[user:pass@]host[:port][?starttls=true]`` or ``smtps://…``."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            # Not the URL itself: it may carry the mail server's password.
            raise ValueError(
                f"SDH_SMTP_URL (scheme {parts.scheme!r}) is not usable: use "
                "smtp://host:port (or smtps://host:port)"
            )
        options = {k.lower(): v[-1].lower() for k, v in parse_qs(parts.query).items()}
        tls = parts.scheme == "smtps"
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if tls else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            tls=tls,
            starttls=not tls and options.get("starttls") in ("1", "true", "yes"),
        )


def send_email(
    config: SmtpConfig,
    sender: str,
    recipient: str,
    subject: str,
    text: str,
    *,
    timeout: float,
    headers: dict[str, str] | None = None,
) -> None:
    """One plain-text message to one recipient (each contact gets their own)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain="sdh.local")
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    client = smtplib.SMTP_SSL if config.tls else smtplib.SMTP
    try:
        with client(config.host, config.port, timeout=timeout) as smtp:
            if config.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if config.username:
                smtp.login(config.username, config.password or "")
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(
            f"mail server {config.host}:{config.port}: {type(exc).__name__}: {exc}"
        ) from exc


#: Headers of a signed webhook call (docs/webhooks.md).
TIMESTAMP_HEADER, SIGNATURE_HEADER = "X-SDH-Timestamp", "X-SDH-Signature"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """``v1=`` and the hex HMAC-SHA256 of ``<timestamp>.<body>`` under ``secret``: the
    timestamp is signed with the body, so a call replayed later fails the receiver's
    freshness check, and one altered in transit fails the signature."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def post_webhook(
    url: str,
    payload: dict[str, Any],
    *,
    timeout: float,
    headers: dict[str, str] | None = None,
    secret: str | None = None,
    now: float | None = None,
) -> None:
    """POST the payload as JSON, signed when a ``secret`` is given; anything but a 2xx
    answer is a failure (redirects too: following one would turn the POST into a GET)."""
    import requests

    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    signed: dict[str, str] = {"Content-Type": "application/json"}
    if secret:
        timestamp = int(now if now is not None else time.time())
        signed |= {
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(secret, timestamp, body),
        }
    try:
        response = requests.post(
            url,
            data=body,
            timeout=(timeout, timeout),
            allow_redirects=False,
            headers={"User-Agent": USER_AGENT, **(headers or {}), **signed},
        )
    except requests.RequestException as exc:
        raise DeliveryError(f"webhook {url}: {type(exc).__name__}: {exc}") from exc
    if not 200 <= response.status_code < 300:
        raise DeliveryError(
            f"webhook {url} answered {response.status_code} {response.reason}".rstrip()
        )
