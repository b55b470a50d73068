"""/provider-relations/applications/: network applications to credential and decide."""

from django.urls import path

from portico.providers.joining import views_staff

app_name = "applications_staff"
urlpatterns = [
    path("", views_staff.queue, name="queue"),
    path("<int:application_id>/", views_staff.detail, name="detail"),
    path("<int:application_id>/documents/<int:document_id>/", views_staff.document, name="document"),
]
