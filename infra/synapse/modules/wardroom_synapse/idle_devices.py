"""Idle devices, for the lifecycle bot's automatic logoff (45 CFR 164.312(a)(2)(iii)).

Synapse's admin API lists devices one user at a time, so a sweep over 10,000 users would take
10,000 requests. This module answers the one question the sweep asks, from Synapse's own
`devices` table, in pages: which devices have not been used since a given time (or have never
been used)? Hidden devices (cross-signing pseudo-devices) are left out. Deleting them stays
with the admin API, so every deletion goes through Synapse's device handler.

GET /_synapse/client/wardroom/v1/idle_devices?before_ts=<ms>&limit=<n>[&from_user=..&from_device=..]
  Authorization: Bearer <access token of a server admin>
  answers {"devices": [{"user_id", "device_id", "last_seen_ts"}], "next": {"from_user", "from_device"} | null}

Synapse updates `devices.last_seen` at most every two minutes per device (client_ips), which
is the resolution of an idle limit.

The console's dashboard asks the same table how many devices there are (Synapse's admin API
has no server-wide count):

GET /_synapse/client/wardroom/v1/device_count?active_since_ts=<ms>
  Authorization: Bearer <access token of a server admin>
  answers {"devices": <logged-in devices>, "active": <of them, used since active_since_ts>}
"""

from typing import Any

from synapse.api.errors import Codes, SynapseError
from synapse.http.server import DirectServeJsonResource
from synapse.http.servlet import parse_integer, parse_string
from synapse.module_api import ModuleApi

PATH = "/_synapse/client/wardroom/v1/idle_devices"
COUNT_PATH = "/_synapse/client/wardroom/v1/device_count"
MAX_LIMIT = 5000


class IdleDevices:
    def __init__(self, config: dict[str, Any], api: ModuleApi):
        api.register_web_resource(PATH, _IdleDevicesResource(api))
        api.register_web_resource(COUNT_PATH, _DeviceCountResource(api))

    @staticmethod
    def parse_config(config: dict[str, Any] | None) -> dict[str, Any]:
        return config or {}


def _page(txn: Any, before_ts: int, limit: int, from_user: str, from_device: str) -> list[tuple[str, str, int | None]]:
    # Keyset pagination on the primary key: stable while devices are added and deleted.
    txn.execute(
        """
        SELECT user_id, device_id, last_seen FROM devices
        WHERE (hidden IS NULL OR NOT hidden)
          AND (last_seen IS NULL OR last_seen < ?)
          AND (user_id > ? OR (user_id = ? AND device_id > ?))
        ORDER BY user_id, device_id
        LIMIT ?
        """,
        (before_ts, from_user, from_user, from_device, limit),
    )
    return list(txn.fetchall())


def _count(txn: Any, active_since_ts: int) -> tuple[int, int]:
    txn.execute(
        """
        SELECT COUNT(*), COALESCE(SUM(CASE WHEN last_seen >= ? THEN 1 ELSE 0 END), 0) FROM devices
        WHERE (hidden IS NULL OR NOT hidden)
        """,
        (active_since_ts,),
    )
    total, active = txn.fetchone()
    return int(total), int(active)


class _DeviceCountResource(DirectServeJsonResource):
    def __init__(self, api: ModuleApi):
        super().__init__()
        self._api = api

    async def _async_render_GET(self, request: Any) -> tuple[int, dict[str, Any]]:
        requester = await self._api.get_user_by_req(request)
        if not await self._api.is_user_admin(requester.user.to_string()):
            raise SynapseError(403, "only a server admin may count devices", Codes.FORBIDDEN)
        active_since_ts = parse_integer(request, "active_since_ts", required=True)
        if active_since_ts < 0:
            raise SynapseError(400, "active_since_ts must be a time in ms (>= 0)", Codes.INVALID_PARAM)
        total, active = await self._api.run_db_interaction("wardroom_device_count", _count, active_since_ts)
        return 200, {"devices": total, "active": active}


class _IdleDevicesResource(DirectServeJsonResource):
    def __init__(self, api: ModuleApi):
        super().__init__()
        self._api = api

    async def _async_render_GET(self, request: Any) -> tuple[int, dict[str, Any]]:
        requester = await self._api.get_user_by_req(request)
        if not await self._api.is_user_admin(requester.user.to_string()):
            raise SynapseError(403, "only a server admin may list idle devices", Codes.FORBIDDEN)
        before_ts = parse_integer(request, "before_ts", required=True)
        limit = parse_integer(request, "limit", default=1000)
        if limit < 1 or limit > MAX_LIMIT:
            raise SynapseError(400, f"limit must be from 1 to {MAX_LIMIT}", Codes.INVALID_PARAM)
        from_user = parse_string(request, "from_user", default="") or ""
        from_device = parse_string(request, "from_device", default="") or ""
        rows = await self._api.run_db_interaction("wardroom_idle_devices", _page, before_ts, limit + 1, from_user, from_device)
        page = rows[:limit]
        devices = [{"user_id": u, "device_id": d, "last_seen_ts": ts} for (u, d, ts) in page]
        more = len(rows) > limit and len(page) > 0
        nxt = {"from_user": page[-1][0], "from_device": page[-1][1]} if more else None
        return 200, {"devices": devices, "next": nxt}
