"""/directory/: the public provider directory (no sign-in)."""

from django.urls import path

from portico.providers.directory import views_public

app_name = "directory"
urlpatterns = [
    path("", views_public.directory, name="search"),
    path("practitioners/<int:practitioner_id>/", views_public.practitioner, name="practitioner"),
    path("locations/<int:location_id>/", views_public.location, name="location"),
]
