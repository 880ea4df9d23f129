"""Every change to badges, zones, categories, participants and scans goes through here."""

from apps.badges.services.badges import (
    collect_badge,
    issue_badge,
    issue_badges_for_approved,
    print_badges,
    revoke_badge,
)
from apps.badges.services.config import (
    approve_participant,
    delete_config,
    save_config,
    set_access_sessions,
    set_category_zones,
)
from apps.badges.services.gate import Verdict, record_scan, sync_scans, verify_token
from apps.badges.services.media import (
    KIND_MEDIA_DECIDED,
    KIND_MEDIA_RECEIVED,
    approve_media_application,
    assemblies_due_for_media_erasure,
    erase_media_applications,
    media_erase_date,
    refuse_media_application,
    submit_media_application,
)

__all__ = [
    "KIND_MEDIA_DECIDED",
    "KIND_MEDIA_RECEIVED",
    "Verdict",
    "approve_media_application",
    "approve_participant",
    "assemblies_due_for_media_erasure",
    "collect_badge",
    "delete_config",
    "erase_media_applications",
    "issue_badge",
    "issue_badges_for_approved",
    "media_erase_date",
    "print_badges",
    "record_scan",
    "refuse_media_application",
    "revoke_badge",
    "save_config",
    "set_access_sessions",
    "set_category_zones",
    "submit_media_application",
    "sync_scans",
    "verify_token",
]
