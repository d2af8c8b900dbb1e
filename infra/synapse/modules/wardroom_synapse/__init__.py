"""Wardroom's Synapse module.

Wardroom forces end-to-end encryption on every new room
(`encryption_enabled_by_default_for_room_type: all`). SMS portal rooms are the one exception:
SMS is not encrypted, and the SMS bridge must read clinicians' messages to run the PHI gate.
Synapse offers no client API to create an unencrypted room under that setting, so this module
adds one endpoint, usable only by the SMS bridge's application service, that creates a portal
room without forced encryption. It refuses anything that is not a private, invite-only portal
room marked with the `org.wardroom.sms_portal` state event.

POST /_synapse/client/wardroom/v1/sms_portal_room   (Authorization: Bearer <as_token>)
  body: a /createRoom body; answers {"room_id": "!..."}
"""

from typing import Any

from synapse.api.errors import Codes, SynapseError
from synapse.http.server import DirectServeJsonResource
from synapse.http.servlet import parse_json_object_from_request
from synapse.module_api import ModuleApi

PORTAL_STATE_TYPE = "org.wardroom.sms_portal"
PATH = "/_synapse/client/wardroom/v1/sms_portal_room"


class SmsPortalRooms:
    def __init__(self, config: dict[str, Any], api: ModuleApi):
        self._api = api
        self._appservice_id: str = config["appservice_id"]
        api.register_web_resource(PATH, _PortalRoomResource(self))

    @staticmethod
    def parse_config(config: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(config.get("appservice_id"), str):
            raise Exception("wardroom_synapse.SmsPortalRooms: appservice_id must be a string")
        return config


class _PortalRoomResource(DirectServeJsonResource):
    def __init__(self, module: SmsPortalRooms):
        super().__init__()
        self._module = module

    async def _async_render_POST(self, request: Any) -> tuple[int, dict[str, Any]]:
        api = self._module._api
        requester = await api.get_user_by_req(request)
        app_service = requester.app_service
        if app_service is None or app_service.id != self._module._appservice_id:
            raise SynapseError(403, "only the SMS bridge may create SMS portal rooms", Codes.FORBIDDEN)

        body = parse_json_object_from_request(request)
        initial_state = body.get("initial_state") or []
        if not isinstance(initial_state, list) or not any(
            isinstance(s, dict) and s.get("type") == PORTAL_STATE_TYPE for s in initial_state
        ):
            raise SynapseError(400, f"initial_state must contain {PORTAL_STATE_TYPE}", Codes.BAD_JSON)
        if any(isinstance(s, dict) and s.get("type") == "m.room.encryption" for s in initial_state):
            raise SynapseError(400, "portal rooms are not encrypted", Codes.BAD_JSON)
        # Whatever was asked, a portal room is private: invite-only, never in the directory.
        body["preset"] = "private_chat"
        body["visibility"] = "private"
        body.pop("room_alias_name", None)

        # Internal API (pinned Synapse version; covered by the integration tests): the module
        # API's create_room cannot skip forced encryption.
        handler = api._hs.get_room_creation_handler()
        room_id, _, _ = await handler.create_room(
            requester, config=body, ratelimit=False, ignore_forced_encryption=True
        )
        return 200, {"room_id": room_id}
