from django.urls import path

from apps.badges import views

app_name = "badges"
urlpatterns = [
    path("", views.own_badges, name="own"),
    path("gate/", views.gate, name="gate"),
    path("gate/sw.js", views.gate_service_worker, name="gate-sw"),
    path("presence/", views.presence, name="presence"),
    path("media/apply/", views.media_apply, name="media-apply"),
]
