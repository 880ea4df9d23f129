from django.urls import path

from apps.core.api.views import AssemblyListApi, CurrentAssemblyApi

urlpatterns = [
    path("assemblies/", AssemblyListApi.as_view(), name="assembly-list"),
    path("assemblies/current/", CurrentAssemblyApi.as_view(), name="assembly-current"),
]
