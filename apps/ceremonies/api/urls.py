from django.urls import path

from apps.ceremonies.api import views

urlpatterns = [
    path("ceremonies/", views.CeremonyListApi.as_view(), name="ceremony-list"),
    path("ceremonies/<int:pk>/", views.CeremonyDetailApi.as_view(), name="ceremony-detail"),
    path(
        "ceremonies/<int:pk>/timeline/",
        views.CeremonyTimelineApi.as_view(),
        name="ceremony-timeline",
    ),
    path("ceremonies/<int:pk>/cues/", views.CueCreateApi.as_view(), name="ceremony-cue-create"),
    path(
        "ceremonies/<int:pk>/cues/reorder/",
        views.CueReorderApi.as_view(),
        name="ceremony-cue-reorder",
    ),
    path(
        "ceremonies/<int:pk>/finalise/",
        views.CeremonyFinaliseApi.as_view(),
        name="ceremony-finalise",
    ),
    path(
        "ceremonies/<int:pk>/console/", views.CeremonyConsoleApi.as_view(), name="ceremony-console"
    ),
    path(
        "ceremonies/<int:pk>/console/next/",
        views.CeremonyAdvanceApi.as_view(),
        name="ceremony-advance",
    ),
    path(
        "ceremonies/<int:pk>/console/undo/",
        views.CeremonyUndoAdvanceApi.as_view(),
        name="ceremony-undo-advance",
    ),
    path("ceremony-roles/", views.CeremonyRoleListApi.as_view(), name="ceremony-role-list"),
]
