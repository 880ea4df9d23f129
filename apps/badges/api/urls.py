from django.urls import path

from apps.badges.api import views

urlpatterns = [
    path("badges/", views.BadgeListApi.as_view(), name="badge-list"),
    path("badges/<int:pk>/", views.BadgeDetailApi.as_view(), name="badge-detail"),
    path("badges/scans/", views.ScanRecordApi.as_view(), name="badge-scan-record"),
    path("badges/scans/sync/", views.ScanSyncApi.as_view(), name="badge-scan-sync"),
    path("badges/gate-bundle/", views.GateBundleApi.as_view(), name="badge-gate-bundle"),
    path("badges/presence/", views.PresenceApi.as_view(), name="badge-presence"),
]
