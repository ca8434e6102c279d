"""A burst of sign-ins with made-up names, as a password sprayer or a botnet sends them.

Runs the web app in this process with the real argon2 parameters, sends ``--count``
sign-ins at once, each from its own client address (so the per-address throttle does not
hide the cost), and prints the process's peak memory, its CPU time and the answers.

    uv run python -m benchmarks.signin_burst --count 64
    uv run python -m benchmarks.signin_burst --count 64 --known   # real names, wrong passwords

Figures are in docs/reliability.md (Security: sign-in).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import tempfile
import threading
import time
from collections import Counter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=64)
    parser.add_argument("--known", action="store_true", help="real names, wrong passwords")
    args = parser.parse_args()
    os.environ["SDH_DATA_DIR"] = tempfile.mkdtemp(prefix="sdh-burst-")
    os.environ.setdefault("SDH_SECRET_KEY", "s" * 48)
    os.environ.pop("SDH_DATABASE_URL", None)

    from fastapi.testclient import TestClient

    from workers.accounts import create_user
    from workers.warehouse.db import init_db, session_scope
    from workers.web.app import create_app

    init_db()
    names = [f"officer{n}" for n in range(8)]
    if args.known:
        with session_scope() as s:
            for name in names:
                create_user(s, name, role="qeg_reader", password="quince marmalade on tuesdays")
    app = create_app()
    answers: Counter[int] = Counter()
    token = re.compile(r'name="csrf_token" value="([^"]+)"')

    def one(n: int) -> None:
        client = TestClient(app, client=(f"198.51.100.{n % 250}", 40000 + n))
        form = token.search(client.get("/sign-in").text)[1]  # type: ignore[index]
        name = names[n % len(names)] if args.known else f"nobody{n}"
        response = client.post(
            "/sign-in", data={"username": name, "password": "Winter2020!!", "csrf_token": form}
        )
        answers[response.status_code] += 1

    with TestClient(app):
        one(0)  # warm up: imports, the first page, the first check
        base = resource.getrusage(resource.RUSAGE_SELF)
        started = time.perf_counter()
        threads = [threading.Thread(target=one, args=(n,)) for n in range(1, args.count + 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (usage.ru_utime + usage.ru_stime) - (base.ru_utime + base.ru_stime)
    print(
        f"{args.count} sign-ins ({'known names' if args.known else 'unknown names'}): "
        f"peak RSS {usage.ru_maxrss / 1024:.0f} MB, CPU {cpu:.1f} s, wall {wall:.1f} s, "
        f"answers {dict(sorted(answers.items()))}"
    )


if __name__ == "__main__":
    main()
