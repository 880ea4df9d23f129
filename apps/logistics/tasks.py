"""Logistics' periodic task: passport data erased on each assembly's erase date (daily, from
beat; `manage.py erase_passport_data` does the same by hand)."""

from celery import shared_task


@shared_task(name="logistics.erase_passport_data")
def erase_passport_data_task() -> int:
    """Erase the passport data of every assembly whose erase date has come; how many records."""
    from apps.logistics import services

    return sum(
        services.erase_passport_data(assembly=assembly)
        for assembly in services.assemblies_due_for_erasure()
    )
