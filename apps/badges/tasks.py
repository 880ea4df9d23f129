"""Badges' periodic task: media applications erased after the assembly (daily, from beat)."""

from celery import shared_task


@shared_task(name="badges.erase_media_applications")
def erase_media_applications_task() -> int:
    """Erase the media applications of every assembly whose erase date has come; how many."""
    from apps.badges import services

    return sum(
        services.erase_media_applications(assembly=assembly)
        for assembly in services.assemblies_due_for_media_erasure()
    )
