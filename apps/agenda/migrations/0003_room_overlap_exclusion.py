"""On PostgreSQL, forbid two live sessions in one room at overlapping times ('[)' ranges).

django.contrib.postgres is only installed with a PostgreSQL DATABASE_URL, so the constraint is
written in SQL and skipped on other databases (where the service checks overlaps alone).
"""

from django.db import migrations

CONSTRAINT = "agenda_session_room_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE agenda_session ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
        "WHERE (room_id IS NOT NULL AND NOT cancelled)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE agenda_session DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("agenda", "0002_sessions_speakers_feeds")]

    operations = [migrations.RunPython(add_constraint, drop_constraint, elidable=False)]
