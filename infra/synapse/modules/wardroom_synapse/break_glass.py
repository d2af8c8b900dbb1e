"""Break-glass access (45 CFR 164.312(a)(2)(ii)): put a user into a patient room, and take them out.

Portal rooms let only the bridge (and administrators) invite, so a bot acting for an emergency
grant cannot invite by itself. This endpoint, for server admins only (the bots' service account),
makes the room's most powerful local member invite the user and the user join, and later kick
them again when the grant ends. Who may ask, for how long and with which reason is decided by
Wardroom (runtime/breakglass), which audits every step; this module only carries it out.

POST /_synapse/client/wardroom/v1/break_glass   (Authorization: Bearer <server admin token>)
  body: {"room_id": "!...", "user_id": "@...", "action": "grant" | "revoke"}
  answers {"membership": "join" | "leave"}

The same operation serves Wardroom's other membership changes in rooms only the bridge may
invite to (adding a new care-team member to existing patient rooms), at
POST /_synapse/client/wardroom/v1/room_membership with the same body.
"""

from typing import Any

from synapse.api.errors import Codes, SynapseError
from synapse.http.server import DirectServeJsonResource
from synapse.http.servlet import parse_json_object_from_request
from synapse.module_api import ModuleApi

PATH = "/_synapse/client/wardroom/v1/break_glass"
MEMBERSHIP_PATH = "/_synapse/client/wardroom/v1/room_membership"


class BreakGlassAccess:
    def __init__(self, config: dict[str, Any], api: ModuleApi):
        api.register_web_resource(PATH, _BreakGlassResource(api))
        api.register_web_resource(MEMBERSHIP_PATH, _BreakGlassResource(api))

    @staticmethod
    def parse_config(config: dict[str, Any] | None) -> dict[str, Any]:
        return config or {}


async def _most_powerful_local_member(api: ModuleApi, room_id: str, exclude: str) -> str:
    """The joined local member with the highest power level, if it may invite and kick."""
    state = await api.get_room_state(room_id, [("m.room.power_levels", ""), ("m.room.member", None), ("m.room.create", "")])
    levels_event = state.get(("m.room.power_levels", ""))
    levels = levels_event.content if levels_event else {}
    users = levels.get("users") or {}
    default = int(levels.get("users_default", 0))
    needed = max(int(levels.get("invite", 0)), int(levels.get("kick", 50)))
    # Room version 12: the room's creators (the create event's sender and additional_creators)
    # stand above every power level and are not listed in it. The bridge creates portal rooms.
    create = state.get(("m.room.create", ""))
    creators = set()
    version = str(create.content.get("room_version", "1")) if create is not None else "1"
    if create is not None and version.isdigit() and int(version) >= 12:
        creators = {create.sender, *(create.content.get("additional_creators") or [])}

    def level(user: str) -> float:
        return float("inf") if user in creators else int(users.get(user, default))

    joined = [
        key[1]
        for key, ev in state.items()
        if key[0] == "m.room.member" and ev.content.get("membership") == "join" and api.is_mine(key[1]) and key[1] != exclude
    ]
    best = max(joined, key=level, default=None)
    if best is None or level(best) < needed:
        raise SynapseError(409, "no local member of the room may invite and remove members", Codes.FORBIDDEN)
    return best


class _BreakGlassResource(DirectServeJsonResource):
    def __init__(self, api: ModuleApi):
        super().__init__()
        self._api = api

    async def _async_render_POST(self, request: Any) -> tuple[int, dict[str, Any]]:
        requester = await self._api.get_user_by_req(request)
        if not await self._api.is_user_admin(requester.user.to_string()):
            raise SynapseError(403, "only a server admin may carry out break-glass access", Codes.FORBIDDEN)
        body = parse_json_object_from_request(request)
        room_id, user_id, action = body.get("room_id"), body.get("user_id"), body.get("action")
        if not isinstance(room_id, str) or not room_id.startswith("!"):
            raise SynapseError(400, "room_id must be a room id", Codes.INVALID_PARAM)
        if not isinstance(user_id, str) or not self._api.is_mine(user_id):
            raise SynapseError(400, "user_id must be a local user", Codes.INVALID_PARAM)
        if action not in ("grant", "revoke"):
            raise SynapseError(400, "action must be grant or revoke", Codes.INVALID_PARAM)
        actor = await _most_powerful_local_member(self._api, room_id, exclude=user_id)
        if action == "grant":
            await self._api.update_room_membership(actor, user_id, room_id, "invite", {"reason": "break-glass access"})
            await self._api.update_room_membership(user_id, user_id, room_id, "join")
            return 200, {"membership": "join"}
        state = await self._api.get_room_state(room_id, [("m.room.member", user_id)])
        member = state.get(("m.room.member", user_id))
        if member is not None and member.content.get("membership") in ("join", "invite"):
            await self._api.update_room_membership(actor, user_id, room_id, "leave", {"reason": "break-glass access ended"})
        return 200, {"membership": "leave"}
