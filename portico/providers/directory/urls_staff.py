"""/provider-relations/directory/: directory changes to apply, and the 90-day attestations."""

from django.urls import path

from portico.providers.directory import views_staff

app_name = "directory_staff"
urlpatterns = [
    path("changes/", views_staff.queue, name="changes"),
    path("changes/<int:change_id>/", views_staff.change_detail, name="change"),
    path("attestations/", views_staff.attestations, name="attestations"),
]
