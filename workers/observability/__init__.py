"""What an operator watches: structured logs, Prometheus metrics and health answers.

``logs`` sets logging up the same way for every process and carries a return's ids into
each line; ``metrics`` holds the hub's own counters and the figures computed at scrape
time; ``worker`` is the entry point of ``sdh worker``; ``health`` answers the probes.
"""
