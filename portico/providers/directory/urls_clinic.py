"""/clinic-information/: an organization's administrators keep its directory data right."""

from django.urls import path

from portico.providers.directory import views_clinic

app_name = "clinic"
urlpatterns = [
    path("", views_clinic.overview, name="overview"),
    path("locations/<int:location_id>/", views_clinic.location_change, name="location_change"),
    path("practitioners/<int:practitioner_id>/", views_clinic.practitioner_change, name="practitioner_change"),
    path("changes/<int:change_id>/", views_clinic.change_detail, name="change"),
    path("attest/", views_clinic.attest, name="attest"),
]
