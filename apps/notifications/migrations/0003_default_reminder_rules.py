import datetime as dt

from django.db import migrations

DEFAULT_RULES = [
    {"name": "Bilateral meeting: a day before", "subject_kind": "meeting", "offset_minutes": 1440},
    {"name": "Bilateral meeting: an hour before", "subject_kind": "meeting", "offset_minutes": 60},
    {
        "name": "Compulsory session: 30 minutes before",
        "subject_kind": "session",
        "offset_minutes": 30,
        "compulsory_only": True,
    },
    {
        "name": "Morning digest of the day's programme",
        "subject_kind": "digest",
        "time_of_day": dt.time(7, 30),
        "audience": "focal_points",
    },
]


def seed_rules(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    for rule in DEFAULT_RULES:
        ReminderRule.objects.get_or_create(name=rule["name"], defaults=rule)


def remove_rules(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    ReminderRule.objects.filter(name__in=[rule["name"] for rule in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_outbox_preferences_rules")]

    operations = [migrations.RunPython(seed_rules, remove_rules)]
