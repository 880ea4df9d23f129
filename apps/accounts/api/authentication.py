"""`Authorization: Token <key>` against hashed personal API keys, behind the throttle."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.throttling import UserRateThrottle

from apps.accounts import throttle
from apps.accounts.api_tokens import authenticate_key, prefix_of
from apps.accounts.models import ApiToken
from apps.accounts.services import log_account_event


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's header format; the key is looked up by its hash. Wrong keys are counted per
    address and per key prefix; past the limit every key from there is refused for a while."""

    keyword = "Token"

    def authenticate(self, request):
        self.address = throttle.client_address(request._request)
        return super().authenticate(request)

    def authenticate_credentials(self, key: str):
        prefix = prefix_of(key)
        wait = throttle.retry_after(throttle.API_TOKEN, account=prefix, address=self.address)
        if wait:
            raise exceptions.Throttled(wait=wait, detail=throttle.lockout_message(wait))
        token = authenticate_key(key)
        if token is None:
            locked = throttle.hit(throttle.API_TOKEN, account=prefix, address=self.address)
            if locked:
                log_account_event(
                    "accounts.api_token.locked_out", email="", address=self.address, scopes=locked
                )
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API key."))
        return token.user, token


class ApiTokenRateThrottle(UserRateThrottle):
    """Requests made with an API key, per account (scope "api_key"); sessions are not counted."""

    scope = "api_key"

    def allow_request(self, request, view) -> bool:
        if not isinstance(request.auth, ApiToken):
            return True
        return super().allow_request(request, view)
