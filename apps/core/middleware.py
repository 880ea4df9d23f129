"""Headers every response carries."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sends CONTENT_SECURITY_POLICY: only our own scripts, styles and images load."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
