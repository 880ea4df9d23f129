"""Who may do what with travel and accommodation: the one place access is decided."""

from __future__ import annotations

from apps.delegations.models import Delegate, Delegation
from apps.delegations.permissions import is_focal_point


def can_view_all_travel(user) -> bool:
    """Organisers who see every delegation's travel records (passport numbers masked)."""
    return user.has_perm("logistics.view_travelrecord")


def can_edit_travel(user, delegate: Delegate) -> bool:
    """The delegate's focal points, and organisers who may change travel records."""
    return user.has_perm("logistics.change_travelrecord") or is_focal_point(
        user, delegate.delegation
    )


def can_reveal_passport_number(user) -> bool:
    return user.has_perm("logistics.reveal_passport_number")


def can_export_passport_data(user) -> bool:
    return user.has_perm("logistics.export_passport_data")


def can_erase_passport_data(user) -> bool:
    return user.has_perm("logistics.change_logisticssettings")


def can_manage_hotels(user) -> bool:
    return user.has_perm("logistics.change_hotel")


def can_view_rooming_lists(user) -> bool:
    return user.has_perm("logistics.view_rooming_list")


def can_book_rooms(user, delegation: Delegation) -> bool:
    """The delegation's focal points book into its allocation; organisers who change bookings
    may book for it too."""
    return user.has_perm("logistics.change_booking") or is_focal_point(user, delegation)


def can_decide_visa_letters(user) -> bool:
    return user.has_perm("logistics.change_visaletter")


def can_view_all_visa_letters(user) -> bool:
    return user.has_perm("logistics.view_visaletter")


def can_manage_transfers(user) -> bool:
    return user.has_perm("logistics.change_transferrun")


def can_view_transfers(user) -> bool:
    return user.has_perm("logistics.view_transferrun")


def can_view_all_bookings(user) -> bool:
    return user.has_perm("logistics.view_booking")
