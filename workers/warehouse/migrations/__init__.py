"""The warehouse's schema history as Alembic revisions (``versions/``), shipped with the
package so an installed hub can migrate its own database.

``sdh init`` (and every command, through ``init_db``) brings a database to the newest
revision: see ``workers.warehouse.migrate`` and ``docs/migrations.md``, which also says
how to write a revision.
"""
