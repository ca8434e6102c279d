"""Backup and restore of what the hub cannot rebuild: the warehouse and the landing store.

A backup is an owner-only folder: the database copy (``pg_dump -Fc``, or SQLite's backup
API) sealed with the backup key (``warehouse.dump.sealed``, ``warehouse.db.sealed``), the
pseudonym and landing keys sealed with it too (``keys.sealed``, see ``keys``),
``landing/`` with every kept file as the store keeps it (sealed with the landing key), and
``manifest.json`` written last, so a folder without a manifest is an unfinished backup.
The manifest holds the database copy's sha256, the row count of every table (read in the
dump's own snapshot), each landing file's sha256 and its sealed copy's, and a fingerprint
of the backup key.

Order matters. The database is copied first and the landing store second: intake writes a
file before the row that points at it, so every file a backed-up row names is already in
the store when it is copied. A restore checks everything before it changes anything, then
compares the restored tables' counts with the manifest and every submission's landing
file with the store, so "restored" means "verified".
"""
