from django.contrib.auth import views as auth_views
from django.urls import path

from portico.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("organization/", views.switch_organization, name="switch_organization"),
    path("profile/", views.profile, name="profile"),
]
