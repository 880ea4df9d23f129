"""DRF's authtoken kept API keys in clear (and showed them in the admin). Its keys become
hashed personal API keys, so clients keep working, and its table is dropped."""

import hashlib

from django.db import migrations

LEGACY_TABLE = "authtoken_token"


def move_keys(apps, schema_editor):
    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {LEGACY_TABLE}")  # noqa: S608
        rows = cursor.fetchall()
    ApiToken.objects.bulk_create(
        ApiToken(
            user_id=user_id,
            name="API key (before hashed keys)",
            prefix=f"old{key[:8]}",
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
        )
        for key, user_id, _created in rows
    )
    schema_editor.execute(f"DROP TABLE {LEGACY_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_derived_invitation_tokens_two_factor_api_keys")]

    operations = [migrations.RunPython(move_keys, migrations.RunPython.noop)]
