"""One module per target of the performance issue; each exposes ``run(ctx)``."""
