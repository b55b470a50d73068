from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portico.accounts"
    label = "accounts"

    def ready(self) -> None:
        from portico.accounts.gate import GateStep, gate_step_register
        from portico.accounts.mfa import mfa_step_needed

        # Two-step verification after a password (direct sign-in); single sign-on sessions skip it.
        gate_step_register(GateStep(name="mfa", url_name="accounts:mfa", needed=mfa_step_needed))
        # The privacy statement and terms in force (first sign-in, and again after each new version).
        from portico.accounts.terms.services import terms_gate_mark, terms_needed

        gate_step_register(
            GateStep(name="terms", url_name="accounts:terms", needed=terms_needed, mark_value=terms_gate_mark)
        )
