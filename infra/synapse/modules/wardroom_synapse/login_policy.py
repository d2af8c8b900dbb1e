"""Who may sign in how (45 CFR 164.312(d), person authentication).

With single sign-on on, people sign in through the organisation's identity provider, which
holds their MFA and their joiner/leaver status. A password login would go around it, so this
module refuses password (and any non-SSO) logins for everyone except the accounts the policy
names: the break-glass administrator and the bots' service accounts.

It uses Synapse's spam-checker login callback, which Synapse calls for every login after the
credentials were checked, with the SSO provider's id for SSO logins and None otherwise.
Application services log in through their own token and are not affected.
"""

from typing import Any

from synapse.module_api import NOT_SPAM, ModuleApi, errors


class LoginPolicy:
    def __init__(self, config: dict[str, Any], api: ModuleApi):
        self._sso_enabled = bool(config.get("sso_enabled"))
        self._password_accounts = set(config.get("password_accounts") or [])
        api.register_spam_checker_callbacks(check_login_for_spam=self.check_login_for_spam)

    @staticmethod
    def parse_config(config: dict[str, Any] | None) -> dict[str, Any]:
        config = config or {}
        accounts = config.get("password_accounts") or []
        if not isinstance(accounts, list) or not all(isinstance(a, str) for a in accounts):
            raise Exception("wardroom_synapse.login_policy.LoginPolicy: password_accounts must be a list of user ids")
        return config

    async def check_login_for_spam(
        self,
        user_id: str,
        device_id: str | None,
        initial_display_name: str | None,
        request_info: Any,
        auth_provider_id: str | None = None,
    ) -> Any:
        if not self._sso_enabled or auth_provider_id is not None or user_id in self._password_accounts:
            return NOT_SPAM
        return errors.Codes.FORBIDDEN, {"error": "password sign-in is off: sign in with your organisation's single sign-on"}
