from django.urls import path
from django.views.generic import RedirectView

from apps.delegations import views

app_name = "delegations"
urlpatterns = [
    # The overview has its own path so the navigation does not mark it on every page.
    path("", RedirectView.as_view(pattern_name="delegations:dashboard"), name="home"),
    path("overview/", views.dashboard, name="dashboard"),
    path("delegates/new/", views.delegate_create, name="delegate_create"),
    path("delegates/<int:pk>/", views.delegate_edit, name="delegate_edit"),
    path("delegates/<int:pk>/details/", views.delegate_detail, name="delegate_detail"),
    path("delegates/<int:pk>/restore/", views.delegate_restore, name="delegate_restore"),
    path("delegates/<int:pk>/remove/", views.delegate_delete, name="delegate_delete"),
    path("delegates/<int:pk>/submit/", views.delegate_submit, name="delegate_submit"),
    path("delegates/<int:pk>/withdraw/", views.delegate_withdraw, name="delegate_withdraw"),
    path("submit-all/", views.submit_all, name="submit_all"),
    path("copy-previous/", views.delegates_copy_previous, name="delegates_copy_previous"),
    path("credentials/", views.credentials, name="credentials"),
    # Files, checked for who is asking (focal points: their own; organisers: with permission).
    path("credentials/<int:pk>/letter/", views.credentials_letter, name="credentials_letter"),
    path("delegates/<int:pk>/photo/", views.delegate_photo, name="delegate_photo"),
]
