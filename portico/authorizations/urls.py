"""Prior-authorization pages for providers (mounted at /authorizations/)."""

from django.urls import path

from portico.authorizations import views

app_name = "authorizations"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:request_id>/", views.detail, name="detail"),
    path("<int:request_id>/edit/", views.edit, name="edit"),
    path("<int:request_id>/attachments/", views.attachment_add, name="attachment_add"),
    path("<int:request_id>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:request_id>/not-required/", views.confirmation, name="confirmation"),
    path("<int:request_id>/questions/<int:question_id>/answer/", views.answer, name="answer"),
    path("<int:request_id>/lines/<int:line_id>/appeal/", views.appeal, name="appeal"),
    path("<int:request_id>/letters/<int:letter_id>/", views.letter, name="letter"),
]
