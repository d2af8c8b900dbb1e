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

It also lets the bridge tell one clinician privately why a message was not texted, through
Synapse's server notices (an unencrypted room only that user and the server share). The
admin API for that needs a server admin, and appservice users cannot be made admins.

POST /_synapse/client/wardroom/v1/server_notice   (Authorization: Bearer <as_token>)
  body: {"user_id": "@local:server", "body": "...", "formatted_body"?: "<html>"};
  answers {"event_id": "$...", "room_id": "!..."}

A notices room must be one nobody else can join and that never federates (HomeserverPolicy
creates them so). A user's notices room made before that (Synapse's preset: guests may join)
is repaired before the next notice: invite-only, no guests, members-only history, and anyone
else who got in is removed. A room that federates (`m.federate` is fixed at creation) is
replaced instead: a new private notices room, an `m.room.tombstone` in the old one pointing at
it, the notices user out of the old one, and `sms.notices_room_replaced` audited.

Synapse's notices rooms cannot be encrypted (the notices user has no keys): the local stack
sends blocked-message notices through the compliance bot instead (bridge config
`blockedNotices: compliance_bot`), end-to-end encrypted.
"""

import logging
from typing import Any, Optional

from synapse.api.errors import Codes, SynapseError
from synapse.http.server import DirectServeJsonResource
from synapse.http.servlet import parse_json_object_from_request
from synapse.module_api import ModuleApi
from synapse.types import create_requester

logger = logging.getLogger(__name__)

PORTAL_STATE_TYPE = "org.wardroom.sms_portal"
PATH = "/_synapse/client/wardroom/v1/sms_portal_room"
NOTICE_PATH = "/_synapse/client/wardroom/v1/server_notice"


class SmsPortalRooms:
    def __init__(self, config: dict[str, Any], api: ModuleApi):
        self._api = api
        self._appservice_id: str = config["appservice_id"]
        api.register_web_resource(PATH, _PortalRoomResource(self))
        api.register_web_resource(NOTICE_PATH, _ServerNoticeResource(self))

    @staticmethod
    def parse_config(config: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(config.get("appservice_id"), str):
            raise Exception("wardroom_synapse.SmsPortalRooms: appservice_id must be a string")
        return config


async def _require_bridge(module: "SmsPortalRooms", request: Any) -> Any:
    requester = await module._api.get_user_by_req(request)
    if requester.app_service_id != module._appservice_id:
        raise SynapseError(403, "only the SMS bridge may use this endpoint", Codes.FORBIDDEN)
    return requester


class _ServerNoticeResource(DirectServeJsonResource):
    def __init__(self, module: SmsPortalRooms):
        super().__init__()
        self._module = module

    async def _async_render_POST(self, request: Any) -> tuple[int, dict[str, Any]]:
        await _require_bridge(self._module, request)
        body = parse_json_object_from_request(request)
        user_id = body.get("user_id")
        text = body.get("body")
        formatted = body.get("formatted_body")
        api = self._module._api
        if not isinstance(user_id, str) or not api.is_mine(user_id):
            raise SynapseError(400, "user_id must be a local user", Codes.INVALID_PARAM)
        if not isinstance(text, str) or not text or len(text) > 2000:
            raise SynapseError(400, "body must be a non-empty string of at most 2000 characters", Codes.INVALID_PARAM)
        if formatted is not None and (not isinstance(formatted, str) or not formatted or len(formatted) > 4000):
            raise SynapseError(400, "formatted_body must be a non-empty string of at most 4000 characters", Codes.INVALID_PARAM)
        manager = api._hs.get_server_notices_manager()
        if not manager.is_enabled():
            raise SynapseError(400, "server notices are not configured", Codes.UNKNOWN)
        await _repair_notice_room(api, manager, user_id)
        content: dict[str, Any] = {"msgtype": "m.notice", "body": text}
        if formatted is not None:
            content["format"] = "org.matrix.custom.html"
            content["formatted_body"] = formatted
        event = await manager.send_notice(user_id, content)
        return 200, {"event_id": event.event_id, "room_id": event.room_id}


# What a notices room must be, for the settings that can change after creation.
_PRIVATE_NOTICE_STATE = (
    ("m.room.join_rules", "join_rule", "invite"),
    ("m.room.guest_access", "guest_access", "forbidden"),
    ("m.room.history_visibility", "history_visibility", "invited"),
)


async def _replace_notice_room(api: ModuleApi, manager: Any, user_id: str, old_room: str, problems: list[str]) -> str:
    """A new private notices room for the user (HomeserverPolicy makes it invite-only, no
    guests, never federated), the old one tombstoned pointing at it and left by the notices
    user (so Synapse finds the new one from now on), and the replacement audited."""
    hs = api._hs  # internal API, as the manager itself uses it (pinned Synapse version)
    notices_user = manager.server_notices_mxid
    requester = create_requester(notices_user, authenticated_entity=hs.hostname)
    config: dict[str, Any] = {"preset": "private_chat", "power_level_content_override": {"users_default": -10}}
    sn = hs.config.servernotices
    if sn.server_notices_room_name:
        config["name"] = sn.server_notices_room_name
    if sn.server_notices_room_topic:
        config["topic"] = sn.server_notices_room_topic
    new_room, _, _ = await hs.get_room_creation_handler().create_room(requester, config=config, ratelimit=False, ignore_forced_encryption=True)
    await hs.get_account_data_handler().add_tag_to_room(user_id, new_room, "m.server_notice", {})
    await manager.maybe_invite_user_to_room(user_id, new_room)
    await api.create_and_send_event_into_room(
        {
            "type": "m.room.tombstone",
            "room_id": old_room,
            "sender": notices_user,
            "state_key": "",
            "content": {"body": "These notices continue in a new private room.", "replacement_room": new_room},
        }
    )
    await api.update_room_membership(notices_user, notices_user, old_room, "leave")
    manager.maybe_get_notice_room_for_user.invalidate((user_id,))
    manager.get_or_create_notice_room_for_user.invalidate((user_id,))
    from . import homeserver

    policy = homeserver.instance()
    if policy is not None:
        await policy.record(
            homeserver.safe_id(notices_user) or "unknown",
            "sms.notices_room_replaced",
            homeserver.safe_id(user_id),
            {"oldRoomId": old_room, "newRoomId": new_room, "problems": problems, "channel": "server_notice"},
        )
    logger.info("wardroom: replaced a notices room that federates")
    return new_room


async def _repair_notice_room(api: ModuleApi, manager: Any, user_id: str) -> None:
    """Puts a user's notices room made before HomeserverPolicy made them private (Synapse's
    preset: guests may join) back to invite-only, no guests, members-only history, as the
    notices user. m.federate is fixed at creation: a room that federates is replaced by a new
    private one (_replace_notice_room)."""
    room_id = await manager.maybe_get_notice_room_for_user(user_id)
    if room_id is None:
        return
    create = (await api.get_room_state(room_id, [("m.room.create", "")])).get(("m.room.create", ""))
    if create is not None and create.content.get("m.federate", True) is not False:
        await _replace_notice_room(api, manager, user_id, room_id, ["federated"])
        return
    state = await api.get_room_state(room_id, [(t, "") for t, _, _ in _PRIVATE_NOTICE_STATE])
    for event_type, key, wanted in _PRIVATE_NOTICE_STATE:
        ev = state.get((event_type, ""))
        current = ev.content.get(key) if ev is not None else None
        if event_type == "m.room.history_visibility" and current in ("invited", "joined"):
            continue
        if current != wanted:
            await api.create_and_send_event_into_room(
                {"type": event_type, "room_id": room_id, "sender": manager.server_notices_mxid, "state_key": "", "content": {key: wanted}}
            )
    # Anyone who got in while it was open is taken out: the room is the user's and the server's.
    notices_user = manager.server_notices_mxid
    members = await api.get_room_state(room_id, [("m.room.member", None)])
    for (_, member), ev in members.items():
        if member in (user_id, notices_user) or ev.content.get("membership") not in ("join", "knock", "invite"):
            continue
        try:
            await api.update_room_membership(notices_user, member, room_id, "leave")
        except SynapseError as e:
            # Synapse refuses to withdraw an invite to a notices room; the room is invite-only now.
            logger.warning("wardroom: could not remove a member from a notices room: %s", e.errcode)


class _PortalRoomResource(DirectServeJsonResource):
    def __init__(self, module: SmsPortalRooms):
        super().__init__()
        self._module = module

    async def _async_render_POST(self, request: Any) -> tuple[int, dict[str, Any]]:
        api = self._module._api
        requester = await _require_bridge(self._module, request)

        body = parse_json_object_from_request(request)
        initial_state = body.get("initial_state") or []
        if not isinstance(initial_state, list) or not any(
            isinstance(s, dict) and s.get("type") == PORTAL_STATE_TYPE for s in initial_state
        ):
            raise SynapseError(400, f"initial_state must contain {PORTAL_STATE_TYPE}", Codes.BAD_JSON)
        if any(isinstance(s, dict) and s.get("type") == "m.room.encryption" for s in initial_state):
            raise SynapseError(400, "portal rooms are not encrypted", Codes.BAD_JSON)
        # The privacy of the room is not negotiable: the preset below decides who may join.
        for s in initial_state:
            if isinstance(s, dict) and s.get("type") in ("m.room.join_rules", "m.room.power_levels"):
                raise SynapseError(400, f"initial_state may not set {s.get('type')} in a portal room", Codes.BAD_JSON)
        # No guests, whatever was asked.
        initial_state = [s for s in initial_state if not (isinstance(s, dict) and s.get("type") == "m.room.guest_access")]
        initial_state.append({"type": "m.room.guest_access", "state_key": "", "content": {"guest_access": "forbidden"}})
        body["initial_state"] = initial_state
        if "power_level_content_override" in body or "creation_content" in body:
            raise SynapseError(400, "portal rooms take the default power levels and creation content", Codes.BAD_JSON)
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


# The homeserver policy module (guardrails on rooms, the audit spool): homeserver.py.
from .homeserver import HomeserverPolicy  # noqa: E402,F401
