"""Every change to delegations, delegates, accreditation and credentials goes through here."""

from apps.delegations.services.accreditation import (
    approve_accreditation,
    reject_accreditation,
    reopen_accreditation,
    restore_accreditation,
    submit_accreditation,
    withdraw_accreditation,
)
from apps.delegations.services.credentials import (
    decide_credentials,
    delete_credentials,
    designate_delegates,
    upload_credentials,
)
from apps.delegations.services.delegates import (
    create_delegate,
    delete_delegate,
    invite_focal_point,
    set_default_quotas,
    update_delegate,
)
from apps.delegations.services.delegations import delete_delegation, save_delegation
from apps.delegations.services.reference import delete_reference, save_reference

__all__ = [
    "approve_accreditation",
    "create_delegate",
    "decide_credentials",
    "delete_credentials",
    "delete_delegate",
    "delete_delegation",
    "delete_reference",
    "designate_delegates",
    "invite_focal_point",
    "reject_accreditation",
    "reopen_accreditation",
    "restore_accreditation",
    "save_delegation",
    "save_reference",
    "set_default_quotas",
    "submit_accreditation",
    "update_delegate",
    "upload_credentials",
    "withdraw_accreditation",
]
