"""Every change of travel and accommodation; see travel.py and hotels.py."""

from apps.logistics.services.hotels import (
    KIND_BLOCK_RELEASE,
    allocate_rooms,
    book_room,
    cancel_booking,
    delete_allocation,
    delete_hotel,
    delete_room_block,
    night_label,
    save_hotel,
    save_room_block,
    sync_release_reminders,
)
from apps.logistics.services.shuttles import plan_shuttles
from apps.logistics.services.transfers import (
    KIND_TRANSFER_CHANGED,
    move_transfer_seat,
    plan_transfers,
    reassign_after_flight_change,
    set_transfer_timings,
    update_transfer_run,
)
from apps.logistics.services.travel import (
    EXPORT_HEADER,
    assemblies_due_for_erasure,
    erase_passport_data,
    export_passport_data,
    reveal_passport_number,
    save_travel_record,
    set_passport_erase_date,
)
from apps.logistics.services.visas import (
    KIND_VISA_DECIDED,
    decide_visa_letter,
    request_visa_letter,
    verification_matches,
    verification_token,
)

__all__ = [
    "EXPORT_HEADER",
    "KIND_BLOCK_RELEASE",
    "KIND_TRANSFER_CHANGED",
    "KIND_VISA_DECIDED",
    "allocate_rooms",
    "assemblies_due_for_erasure",
    "book_room",
    "cancel_booking",
    "decide_visa_letter",
    "delete_allocation",
    "delete_hotel",
    "delete_room_block",
    "erase_passport_data",
    "export_passport_data",
    "move_transfer_seat",
    "night_label",
    "plan_shuttles",
    "plan_transfers",
    "reassign_after_flight_change",
    "request_visa_letter",
    "reveal_passport_number",
    "save_hotel",
    "save_room_block",
    "save_travel_record",
    "set_passport_erase_date",
    "set_transfer_timings",
    "sync_release_reminders",
    "update_transfer_run",
    "verification_matches",
    "verification_token",
]
