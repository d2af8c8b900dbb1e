"""Roles from the identity provider's groups at every single sign-on login (issue 14).

Synapse's OIDC mapping provider (the stock Jinja one, subclassed) sees the person's claims
after the provider authenticated them and before Synapse issues the login. Here it hands the
group claim to Wardroom's identity service, which owns the role directory's "sso" source and
maps groups to roles with the policy. The service answers before the login completes, so a
person whose group was removed at the IdP has lost the role when their session starts.

Fail closed: when the service cannot be reached or refuses, the login fails (the person would
otherwise keep roles from their previous login that the IdP may have taken away).

The Matrix id sent is the one the login lands on: the localpart template rendered and mapped
with Synapse's own map_username_to_mxid_localpart (which SCIM provisioning mirrors).
"""

from dataclasses import dataclass
from typing import Any

from synapse.handlers.oidc import JinjaOidcMappingConfig, JinjaOidcMappingProvider, Token, UserInfo
from synapse.module_api import ModuleApi
from synapse.types import UserID, map_username_to_mxid_localpart


@dataclass(frozen=True)
class GroupSyncConfig:
    jinja: JinjaOidcMappingConfig
    groups_claim: str
    callback_url: str
    token_path: str


class GroupSyncMappingProvider(JinjaOidcMappingProvider):
    def __init__(self, config: GroupSyncConfig, module_api: ModuleApi):
        super().__init__(config.jinja, module_api)
        self._sync = config
        self._api = module_api

    @staticmethod
    def parse_config(config: dict[str, Any]) -> GroupSyncConfig:  # type: ignore[override]
        name = "wardroom_synapse.sso_groups.GroupSyncMappingProvider"
        for key in ("groups_claim", "callback_url", "token_path"):
            if not isinstance(config.get(key), str) or not config[key]:
                raise Exception(f"{name}: {key} must be a non-empty string")
        jinja_config = {k: v for k, v in config.items() if k not in ("groups_claim", "callback_url", "token_path")}
        return GroupSyncConfig(
            jinja=JinjaOidcMappingProvider.parse_config(jinja_config),
            groups_claim=config["groups_claim"],
            callback_url=config["callback_url"],
            token_path=config["token_path"],
        )

    async def get_extra_attributes(self, userinfo: UserInfo, token: Token) -> dict[str, Any]:
        extra = await super().get_extra_attributes(userinfo, token)
        template = self._sync.jinja.localpart_template
        if template is None:
            raise Exception("roles from groups need a localpart_template")
        localpart = map_username_to_mxid_localpart(template.render(user=userinfo).strip())
        user_id = UserID(localpart, self._api.server_name).to_string()
        raw = userinfo.get(self._sync.groups_claim)
        groups = [raw] if isinstance(raw, str) else [g for g in (raw or []) if isinstance(g, str)]
        # Read at each login: the token can be rotated without restarting Synapse.
        with open(self._sync.token_path, encoding="utf-8") as f:
            secret = f.read().strip()
        # Raises on a connection error or a non-2xx answer: the login then fails (closed).
        await self._api.http_client.post_json_get_json(
            self._sync.callback_url,
            {"user_id": user_id, "groups": groups},
            headers={"Authorization": [f"Bearer {secret}"]},
        )
        return extra
