"""/register/: a clinic asks for portal access (no account needed)."""

from django.urls import path

from portico.accounts.people import views_public

app_name = "registration"
urlpatterns = [
    path("", views_public.register, name="register"),
    path("submitted/", views_public.register_submitted, name="submitted"),
]
