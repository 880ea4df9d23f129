"""Organisers' screens of the delegations app (registered on import): delegations, delegates
(accreditation), credentials, the voting roll, imports and exports. Every state change goes
through a service."""

from apps.delegations.admin import (  # noqa: F401 - registers the admins
    credentials,
    delegates,
    delegations,
    reference,
)
