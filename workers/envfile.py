"""The ``.env`` file of a deployment: every credential the hub needs, explained, and the
command that writes one with fresh keys (``sdh env new``).

docker-compose passes the file to every hub container (``env_file``) and reads it for its
own ``${…}`` checks; ``sdh`` run natively reads it from the folder it runs in. The source
tokens are listed from the contracts (the variables their ``source`` settings name), so a
new agency's token cannot be forgotten; ``.env.example`` in the repository is this
module's output and a test keeps it so.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from workers.contracts.model import FeedContract
from workers.settings import agency_variable


@dataclass(frozen=True)
class Variable:
    name: str
    comment: str
    #: A random value is made for it by ``sdh env new``.
    generate: bool = False
    #: Optional: written commented out, with this example value.
    example: str | None = None


HEADER = """\
# The credentials of a Safeguarding Data Hub deployment. Copy to .env beside
# docker-compose.yml (or in the folder `sdh` runs in), readable by its owner only:
#   sdh env new            # writes .env with fresh keys, password and tokens (chmod 600)
#   cp .env.example .env && chmod 600 .env    # or fill it in by hand
# docker-compose passes every line to the hub's containers. Never commit the filled file.
"""

KEYS = [
    Variable(
        "SDH_PSEUDONYM_KEY",
        "Key of the keyed hash (HMAC-SHA256) that replaces child identifiers as a return\n"
        "is read. Make it once and keep it, backed up apart from the data: with another\n"
        "key the same child gets another pseudonym and returns no longer link up.",
        generate=True,
    ),
    Variable(
        "SDH_SECRET_KEY",
        "Signs the web sessions (32 characters or more). Changing it signs everyone out.",
        generate=True,
    ),
]

DATABASE = [
    Variable(
        "POSTGRES_PASSWORD",
        "Password of the `sdh` database user: docker-compose creates the user with it and\n"
        "gives it to the hub as SDH_DATABASE_PASSWORD. Any character may be in it; in\n"
        "single quotes if it holds a $ or a #.",
        generate=True,
    ),
    Variable(
        "SDH_DATABASE_URL",
        "Native services on your own PostgreSQL: the URL without the password, and the\n"
        "password apart (docker-compose sets both itself).",
        example="postgresql+psycopg://sdh@127.0.0.1:5432/sdh",
    ),
    Variable("SDH_DATABASE_PASSWORD", "", example="the database user's password"),
]

MAIL = [
    Variable(
        "SDH_SMTP_URL",
        "Mail server for notifications to agencies; unset, emails wait in the outbox.\n"
        "A password in it is percent-encoded (@ as %40).",
        example="smtp://user:password@mail.example.org:587?starttls=true",
    ),
    Variable("SDH_MAIL_FROM", "", example="Safeguarding Data Hub <sdh@partnership.example>"),
    Variable(
        "SDH_PUBLIC_URL",
        "The hub's address as people reach it, for the links in emails.",
        example="https://sdh.partnership.example",
    ),
]


def source_credentials(contracts: list[FeedContract]) -> list[Variable]:
    """Each variable a contract's pull source names, per agency, with who and what for."""

    needed: dict[str, tuple[str, list[str]]] = {}
    for contract in sorted(contracts, key=lambda c: c.id):
        source = contract.source
        auth = str(source.get("auth") or "none").lower()
        templates = {
            "bearer": [str(source.get("secretEnv") or "SDH_SOURCE_TOKEN_{AGENCY}")],
            "basic": [str(source.get("usernameEnv")), str(source.get("passwordEnv"))],
        }.get(auth, [])
        for agency in contract.agencies:
            for template in templates:
                name = agency_variable(template, agency)
                needed.setdefault(name, (agency, []))[1].append(contract.id)
    return [
        Variable(name, f"{agency}: {', '.join(ids)}", generate=True)
        for name, (agency, ids) in sorted(needed.items())
    ]


SOURCES_NOTE = """\
What each agency's system asks of the hub when it pulls a return: put in the token the
agency gave you. `sdh env new` makes random ones, which the agency simulator
(`sdh simulate`, compose's simulator profile) then checks, until you have the real ones."""

SOURCE_URL = Variable(
    "SDH_SOURCE_BASE_URL",
    "Where the agencies' systems are (docker-compose: its simulator, unless set here);\n"
    "SDH_SOURCE_BASE_URL_<AGENCY> for one agency whose system is elsewhere.",
    example="https://returns.agency.example",
)


def render(contracts: list[FeedContract], *, fill: bool = False) -> str:
    """The file: blank credentials (``.env.example``), or, with ``fill``, fresh random
    values for the keys, the database password and the source tokens."""
    sections = [
        ("Keys (required; generate each once)", "", KEYS),
        ("Database", "", DATABASE),
        (
            "Agencies' systems, for pulls",
            SOURCES_NOTE,
            [SOURCE_URL, *source_credentials(contracts)],
        ),
        ("Email", "", MAIL),
    ]
    out = [HEADER]
    for title, note, variables in sections:
        out.append(f"\n# --- {title} ---\n")
        out.extend(f"# {line}".rstrip() + "\n" for line in note.splitlines())
        for var in variables:
            out.extend(f"# {line}\n" for line in var.comment.splitlines())
            if var.example is not None:
                out.append(f"# {var.name}={var.example}\n")
            else:
                value = secrets.token_urlsafe(32) if fill and var.generate else ""
                out.append(f"{var.name}={value}\n")
    return "".join(out)


def write_new(path: Path, contracts: list[FeedContract]) -> None:
    """Write a filled file readable by its owner only; never over an existing one (its
    keys may already protect data)."""
    with path.open("x", encoding="utf-8") as handle:  # "x": fails if the file exists
        path.chmod(0o600)
        handle.write(render(contracts, fill=True))
