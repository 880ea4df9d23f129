"""On PostgreSQL, two active meetings can never overlap in one room (an exclusion constraint).

SQLite has no exclusion constraints; there the service layer's checks are the guard. The
constraint is deferrable so the scheduler can swap meetings within one transaction.
"""

from django.db import migrations

CONSTRAINT = "meetings_meeting_no_room_overlap"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE meetings_meeting ADD CONSTRAINT {CONSTRAINT}
        EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
        WHERE (status IN ('proposed', 'confirmed', 'held'))
        DEFERRABLE INITIALLY IMMEDIATE""",
]
BACKWARD = [f"ALTER TABLE meetings_meeting DROP CONSTRAINT IF EXISTS {CONSTRAINT}"]


def _run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
