"""Portal at /, admin at /admin/, API at /api/v1/, its schema and docs under /api/."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.accounts.views.auth import admin_login
from apps.core.views import healthz, healthz_ready, metrics

api_v1 = [
    path("", include("apps.core.api.urls")),
    path("", include("apps.accounts.api.urls")),
    path("", include("apps.delegations.api.urls")),
    path("", include("apps.agenda.api.urls")),
    path("", include("apps.meetings.api.urls")),
    path("", include("apps.ceremonies.api.urls")),
    path("", include("apps.notifications.api.urls")),
    path("", include("apps.badges.api.urls")),
    path("", include("apps.elections.api.urls")),
    path("", include("apps.logistics.api.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/ready", healthz_ready, name="healthz-ready"),
    path("metrics", metrics, name="metrics"),
    # One log-in page for portal and administration: throttle and second factor included.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("accounts/", include("apps.accounts.urls")),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("delegation/", include("apps.delegations.urls")),
    path("agenda/", include("apps.agenda.urls")),
    path("meetings/", include("apps.meetings.urls")),
    path("ceremonies/", include("apps.ceremonies.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("badges/", include("apps.badges.urls")),
    path("travel/", include("apps.logistics.urls")),
    path("elections/", include("apps.elections.urls")),
    path("", include("apps.core.urls")),
]
handler400 = "apps.core.error_views.bad_request"
handler403 = "apps.core.error_views.permission_denied"
handler404 = "apps.core.error_views.page_not_found"
handler500 = "apps.core.error_views.server_error"
# Uploaded files (credentials letters, photos) are never served by a URL pattern, not even
# while debugging: only the scoped views of apps.delegations.files hand them out.
