"""The web side: the agencies' intake API (and, later, the steward and QEG pages)."""
