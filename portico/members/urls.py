from django.urls import path

from portico.members import views

app_name = "members"
urlpatterns = [
    path("", views.search, name="search"),
    path("batch/", views.search, name="batch"),
]
