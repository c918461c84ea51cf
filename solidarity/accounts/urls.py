from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("confirm/", views.confirm_password, name="confirm"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.change_password, name="password"),
    path("reset/<str:code>/", views.reset_password, name="reset_password"),
    path("delete/", views.delete_account, name="delete"),
    path("my-data.json", views.download_data, name="download_data"),
    path("two-factor/", views.two_factor_status, name="two_factor"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
