"""The event-driven runtime: the broker, the actors that wire the pipeline steps together,
the reconciler and the embedded (in-process) worker."""
