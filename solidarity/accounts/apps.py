from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "solidarity.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        # Django stores the precise time of every log-in; we keep only the day (see finish_login).
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
