"""/organization/: the administrator's people pages."""

from django.urls import path

from portico.accounts.people import views_admin

app_name = "people"
urlpatterns = [
    path("people/", views_admin.people_list, name="list"),
    path("people/people-and-roles.csv", views_admin.people_csv, name="csv"),
    path("people/attest/", views_admin.people_attest, name="attest"),
    path("people/invite/", views_admin.invite, name="invite"),
    path("people/<int:membership_id>/", views_admin.person, name="person"),
    path("invitations/<int:invitation_id>/<str:action>/", views_admin.invitation_action, name="invitation_action"),
]
