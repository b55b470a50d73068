from django.urls import path

from portico.members import views

app_name = "rosters"
urlpatterns = [path("", views.search, name="roster")]
