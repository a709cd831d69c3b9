from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "regie.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import on_login

        # The session's absolute lifetime and its idle time count from the login.
        user_logged_in.connect(on_login, dispatch_uid="regie.accounts.session_started")
