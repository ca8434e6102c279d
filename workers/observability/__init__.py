"""What an operator watches: Prometheus metrics and health answers (the structured logs
are ``workers.logs``, below every step that writes them).

``metrics`` holds the hub's own counters and the figures computed at scrape
time; ``worker`` is the entry point of ``sdh worker``; ``health`` answers the probes.
"""
