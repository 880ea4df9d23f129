from django.urls import path

from apps.elections import views

app_name = "elections"
urlpatterns = [
    path("", views.vote_list, name="list"),
    path("rounds/<int:pk>/vote/", views.vote, name="vote"),
    path("rounds/<int:pk>/booth/", views.booth, name="booth"),
    path("rounds/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("rounds/<int:pk>/display/", views.display, name="display"),
]
