"""Signals other apps listen to (they sit above accounts and must not be called from here)."""

from django.dispatch import Signal

# A user lost access: deactivated or deleted (`user`). Whatever they could see through a
# secret address (calendar feeds) must stop working.
access_revoked = Signal()
