from django.urls import path

from portico.web import views

app_name = "privacy"
urlpatterns = [path("events/", views.home, name="events")]
