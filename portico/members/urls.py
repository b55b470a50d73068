from django.urls import path

from portico.members import views

app_name = "members"
urlpatterns = [
    path("", views.search, name="search"),
    path("members/<int:member_id>/", views.member, name="member"),
    path("members/<int:member_id>/print/", views.member_print, name="member_print"),
    path("batch/", views.batch, name="batch"),
    path("batch/template.csv", views.batch_template, name="batch_template"),
    path("batch/<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("batch/<int:batch_id>.csv", views.batch_csv, name="batch_csv"),
]
