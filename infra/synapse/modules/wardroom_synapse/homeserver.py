"""Wardroom's homeserver policy module: guardrails on rooms and the audit spool.

Enabled in homeserver.yaml by core/synapse/renderConfig.ts:

  modules:
    - module: wardroom_synapse.HomeserverPolicy
      config:
        sms_bridge_appservice_id: sms-bridge        # may create unencrypted portal rooms
        server_notices_user: "@wardroom-notices:x"  # its notice rooms stay as Synapse makes them
        guardrails: {require_encryption, allowed_join_rules, allow_guest_access,
                     allow_world_readable, allow_directory_publication, admin_marker,
                     retention: {clinical|sms|admin: {min_lifetime, max_lifetime}}}
        audit: {drain_token_file: /path}

Where each audit record comes from (docs/audit.md has the table and the reasons):
- room refusals, room creation, memberships: third-party-rules callbacks (check_event_allowed,
  on_create_room, on_new_event) and the spam checker's user_may_publish_room;
- password logins and failed logins: a password auth checker (auth_checkers) that checks the
  password with Synapse's own local check, so it knows the user as typed, the reason and,
  through the login response, the device; other logins (SSO tokens): on_user_login;
- failed logins of every other kind (a bad, expired or reused m.login.token, an appservice or
  JWT login refused, a deactivated account, a rate limit, a failed SSO callback): Synapse's
  log records of the refusal (log_handlers.py), aggregated like failed passwords;
- device creation by a login: the spam checker's check_login_for_spam (called just before the
  login registers its device) notes the user's devices, on_user_login (just after) records
  the ones that are new;
- logouts: on_logged_out;
- device deletions and admin API use: Synapse's log records (log_handlers.py), the one place
  Synapse reports them; the log config routes those loggers to our handler.

The ledger pulls records from GET /_synapse/client/wardroom/v1/audit_spool (bearer token
from drain_token_file, compared in constant time): there is no endpoint that accepts records.

Retention, on request (the admin console's "Fix missing retention"): Synapse's admin API cannot
send a state event as a room member, so the module does it, for server admins only:

POST /_synapse/client/wardroom/v1/fix_retention   (Authorization: Bearer <server admin token>)
  body: {"room_id": "!..."}
  answers {"fixed": true, "outcome": "fixed", "kind", "sentAs", "retention": {min_lifetime,
  max_lifetime}} when it set the kind's retention; {"fixed": false, "outcome": "present",
  "kind", "retention": <current>} when the room already has one with a max_lifetime;
  {"fixed": false, "outcome": "no_member" | "no_power" | "no_policy", "kind"} when no joined
  local member may set it (or the policy has none for the kind); 404 for an unknown room.
"""

import hashlib
import hmac
import json
import logging
import re
import time
from typing import Any, Optional

from synapse.api.errors import Codes, SynapseError
from synapse.http.server import DirectServeJsonResource
from synapse.http.servlet import parse_json_object_from_request
from synapse.logging.context import current_context
from synapse.module_api import NOT_SPAM, ModuleApi

from . import guardrails as g
from . import puppets
from . import spool

SPOOL_PATH = "/_synapse/client/wardroom/v1/audit_spool"
ACK_PATH = "/_synapse/client/wardroom/v1/audit_spool/ack"
FIX_RETENTION_PATH = "/_synapse/client/wardroom/v1/fix_retention"
# Audit ids: the same alphabet as core/audit/detailFields.ts, and never a phone number.
_ID = re.compile(r"^[A-Za-z0-9@!$#+:._=/-]{1,255}$")
_PHONE = re.compile(r"^\+[0-9]{7,15}$")
_MEMBERSHIP_ACTIONS = {"invite": "room.member_invited", "join": "room.member_joined", "ban": "room.member_banned", "knock": "room.member_knocked"}

logger = logging.getLogger(__name__)

# Set when the module is loaded: the log handlers (log_handlers.py) hand records to it.
_instance: Optional["HomeserverPolicy"] = None


def instance() -> Optional["HomeserverPolicy"]:
    return _instance


def safe_id(value: Any) -> Optional[str]:
    if isinstance(value, str) and _ID.match(value) and not _PHONE.match(value):
        return value
    return None


def _request_context() -> Any:
    return getattr(current_context(), "request", None)


class HomeserverPolicy:
    def __init__(self, config: dict[str, Any], api: ModuleApi):
        global _instance
        self._api = api
        self._bridge_id: str = config["sms_bridge_appservice_id"]
        self._notices_user: Optional[str] = config.get("server_notices_user")
        self._rules = g.GuardrailConfig.parse(config["guardrails"])
        self._confusables = puppets.load_confusables(config.get("confusables_file"))
        with open(config["audit"]["drain_token_file"], encoding="utf8") as f:
            self._drain_token = f.read().strip().encode()
        if len(self._drain_token) < 32:
            raise ValueError("wardroom_synapse: audit.drain_token_file must hold at least 32 characters")
        self._tables_ready = False
        self._queue: list[dict[str, Any]] = []
        self._flushing = False
        # (user, request id) -> (monotonic time, requested device id, the user's devices before the login).
        self._devices_before_login: dict[tuple[str, str], tuple[float, Optional[str], set[str]]] = {}
        # (user, device) recorded as created lately: two logins of one user at once both see
        # both new devices; each device is recorded once.
        self._created_devices: dict[tuple[str, str], float] = {}

        api.register_third_party_rules_callbacks(
            check_event_allowed=self.check_event_allowed,
            on_create_room=self.on_create_room,
            on_new_event=self.on_new_event,
        )
        api.register_spam_checker_callbacks(user_may_publish_room=self.user_may_publish_room, check_login_for_spam=self.check_login_for_spam)
        api.register_password_auth_provider_callbacks(
            auth_checkers={("m.login.password", ("password",)): self.check_password},
            on_logged_out=self.on_logged_out,
        )
        api.register_account_validity_callbacks(on_user_login=self.on_user_login)
        api.register_web_resource(SPOOL_PATH, _SpoolResource(self))
        api.register_web_resource(ACK_PATH, _AckResource(self))
        api.register_web_resource(FIX_RETENTION_PATH, _FixRetentionResource(self))
        # Failed-login minutes are closed by one process only (the one running background tasks).
        api.looping_background_call(self._close_failed_minutes, 5_000, desc="wardroom_close_failed_logins")
        # Room hygiene until the lifecycle bot takes it over: rooms without their kind's
        # retention (made before this module, or whose retention was emptied) get it back.
        sweep_ms = int(config.get("retention_sweep_seconds", 3600)) * 1000
        api.looping_background_call(self._sweep_retention, sweep_ms, desc="wardroom_retention_sweep")
        _instance = self

    @staticmethod
    def parse_config(config: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(config.get("sms_bridge_appservice_id"), str):
            raise ValueError("wardroom_synapse.HomeserverPolicy: sms_bridge_appservice_id must be a string")
        g.GuardrailConfig.parse(config.get("guardrails") or {})
        if not isinstance((config.get("audit") or {}).get("drain_token_file"), str):
            raise ValueError("wardroom_synapse.HomeserverPolicy: audit.drain_token_file must be a path")
        return config

    # ---- the spool ----

    async def _db(self, desc: str, fn: Any, *args: Any) -> Any:
        if not self._tables_ready:
            await self._api.run_db_interaction("wardroom_audit_tables", spool.create_tables)
            self._tables_ready = True
        return await self._api.run_db_interaction(desc, fn, *args)

    async def record(self, actor: str, action: str, target: Optional[str], details: dict[str, Any]) -> None:
        """Spools one record; returns once it is durable in Synapse's database."""
        entry = {"ts": self._api.get_current_time_msec(), "actor": actor, "action": action, "target": target, "details": details}
        await self._db("wardroom_audit_spool", spool.insert_records, [entry])

    def record_soon(self, actor: str, action: str, target: Optional[str], details: dict[str, Any]) -> None:
        """From synchronous code (log handlers): queued in memory, written within milliseconds."""
        self._queue.append({"ts": self._api.get_current_time_msec(), "actor": actor, "action": action, "target": target, "details": details})
        if not self._flushing:
            self._flushing = True
            self._api.run_as_background_process("wardroom_audit_flush", self._flush)

    async def _flush(self) -> None:
        try:
            while self._queue:
                batch, self._queue = self._queue, []
                await self._db("wardroom_audit_spool", spool.insert_records, batch)
        finally:
            self._flushing = False

    async def _close_failed_minutes(self) -> None:
        minute = int(time.time() // 60) * 60_000
        await self._db("wardroom_close_failed_logins", spool.close_failed_minutes, minute)

    async def _sweep_retention(self) -> None:
        rooms = await self._db("wardroom_retention_sweep", spool.rooms_lacking_retention, 100)
        for room_id in rooms:
            try:
                await self._fix_retention(room_id)
            except Exception:
                logger.exception("wardroom: retention sweep failed for a room")

    async def _fix_retention(self, room_id: str, actor: str = "system:synapse", only_if_missing: bool = False) -> dict[str, Any]:
        """
        Gives the room its kind's retention, sent as the joined local member with the most power.
        Answers what happened: {"outcome": fixed | present | no_policy | no_member | no_power, ...}.
        """
        state = await self._api.get_room_state(room_id)
        kind = _room_kind(state)
        # Notice rooms (Synapse's, only the user and the server) keep administrative history.
        retention_kind = "admin" if kind == "notices" else kind
        if only_if_missing:
            current = state.get((g.RETENTION, ""))
            content = dict(current.content) if current is not None else {}
            lifetime = content.get("max_lifetime")
            if isinstance(lifetime, int) and not isinstance(lifetime, bool) and lifetime > 0:
                return {"outcome": "present", "kind": retention_kind, "retention": content}
        if retention_kind not in self._rules.retention:
            return {"outcome": "no_policy", "kind": retention_kind}
        if not any(t == "m.room.member" and ev.content.get("membership") == "join" and self._api.is_mine(k) for (t, k), ev in state.items()):
            return {"outcome": "no_member", "kind": retention_kind}  # nobody here any more: Synapse's default policy (clinical) applies
        sender = _member_who_may_send(state, g.RETENTION, self._api.is_mine)
        if sender is None:
            await self.record(actor, "room.retention_unfixable", room_id, {"kind": retention_kind})
            return {"outcome": "no_power", "kind": retention_kind}
        kind = retention_kind
        content = dict(self._rules.retention[kind])
        await self._api.create_and_send_event_into_room({"type": g.RETENTION, "room_id": room_id, "sender": sender, "state_key": "", "content": content})
        await self.record(actor, "room.retention_fixed", room_id, {"kind": kind, "sentAs": sender})
        return {"outcome": "fixed", "kind": kind, "sentAs": sender, "retention": content}

    # ---- guardrails ----

    async def _refuse(self, refusal: g.Refusal, actor: str, action: str, target: Optional[str], details: dict[str, Any]) -> None:
        await self.record(actor, action, target, dict(details, rule=refusal.rule))
        raise SynapseError(403, f"{refusal.message} (Wardroom rule {refusal.rule})", Codes.FORBIDDEN, additional_fields={"org.wardroom.rule": refusal.rule})

    async def check_event_allowed(self, event: Any, state_events: Any) -> tuple[bool, Optional[dict]]:
        kind = _room_kind(state_events)
        if event.type == g.REDACTION:
            ids = {key: ev.event_id for key, ev in state_events.items()}
            redacts = event.redacts if hasattr(event, "redacts") else event.content.get("redacts")
            refusal = g.check_redaction(redacts, ids)
        elif event.type == "m.room.member":
            refusal = await self._check_member(event, state_events)
        elif event.is_state():
            current = {key: ev.content for key, ev in state_events.items()}
            refusal = g.check_state_event(self._rules, event.type, event.state_key, event.content, current, kind)
            if refusal and refusal.rule == "portal-room-unencrypted" and event.type != g.ENCRYPTION:
                refusal = None
        else:
            refusal = None
        if refusal:
            await self._refuse(refusal, safe_id(event.sender) or "unknown", "room.change_refused", event.room_id, {"eventType": _category(event.type)})
        return True, None

    async def _check_member(self, event: Any, state_events: Any) -> Optional[g.Refusal]:
        """SMS puppets (puppets.py): no one takes a puppet's name; no invite of a puppet nobody has."""
        target = event.state_key or ""
        content = event.content or {}
        if content.get("membership") == "invite" and puppets.is_puppet_id(target) and self._api.is_mine(target):
            # A puppet exists once the bridge registered it; else the bridge's user query
            # decides (it answers 404 for a puppet without a portal; down: refused too).
            if await self._api.check_user_exists(target) is None:
                known = await self._api._hs.get_application_service_handler().query_user_exists(target)
                if not known:
                    return puppets.UNKNOWN_PUPPET
        members = [(key[1], ev.content) for key, ev in state_events.items() if key[0] == "m.room.member"]
        return puppets.check_puppet_name(event.sender, target, content, members, self._confusables)

    async def on_create_room(self, requester: Any, request_content: dict, is_requester_admin: bool) -> None:
        try:
            await self._on_create_room(requester, request_content)
        except SynapseError:
            raise
        except Exception:
            # Synapse turns this into a bare 403; the log says why (no PHI: ids and types only).
            logger.exception("wardroom: room creation check failed")
            raise

    async def _on_create_room(self, requester: Any, request_content: dict) -> None:
        user_id = requester.user.to_string()
        if self._notices_user and user_id == self._notices_user:
            # Synapse's own notice rooms (unencrypted: Synapse writes them itself and has no
            # crypto; only the user and the server are members). Private whatever Synapse's
            # preset says: invite-only, no guests, never federated, history for members only.
            creation = request_content.setdefault("creation_content", {})
            creation[g.ROOM_KIND_KEY] = "notices"
            creation["m.federate"] = False
            request_content["preset"] = "private_chat"
            state = [
                s for s in request_content.get("initial_state") or []
                if not (isinstance(s, dict) and s.get("type") in (g.GUEST_ACCESS, "m.room.join_rules", "m.room.history_visibility"))
            ]
            request_content["initial_state"] = state
            state.append({"type": g.GUEST_ACCESS, "state_key": "", "content": {"guest_access": "forbidden"}})
            state.append({"type": "m.room.join_rules", "state_key": "", "content": {"join_rule": "invite"}})
            # "invited": the user reads the notices sent while their invite was pending.
            state.append({"type": "m.room.history_visibility", "state_key": "", "content": {"history_visibility": "invited"}})
            if not any(isinstance(s, dict) and s.get("type") == g.RETENTION for s in state):
                state.append({"type": g.RETENTION, "state_key": "", "content": dict(self._rules.retention["admin"])})
            return
        from_bridge = bool(self._bridge_id) and requester.app_service_id == self._bridge_id
        kind = g.room_kind_for_creation(request_content.get("initial_state") or [], from_bridge, self._rules.admin_marker)
        refusal = g.prepare_room_creation(self._rules, request_content, kind)
        if refusal:
            await self._refuse(refusal, safe_id(user_id) or "unknown", "room.creation_refused", None, {})

    async def user_may_publish_room(self, user_id: str, room_id: str) -> Any:
        if self._rules.allow_directory_publication:
            return NOT_SPAM
        rule = "no-directory-publication"
        await self.record(safe_id(user_id) or "unknown", "room.change_refused", safe_id(room_id), {"rule": rule, "eventType": "directory"})
        return Codes.FORBIDDEN, {"org.wardroom.rule": rule, "org.wardroom.reason": "rooms cannot be published in the room directory"}

    # ---- rooms and memberships ----

    async def on_new_event(self, event: Any, state_events: Any) -> None:
        if event.type == "m.room.create" and event.is_state():
            kind = event.content.get(g.ROOM_KIND_KEY) or "clinical"
            if kind == "notices":
                return
            await self.record(safe_id(event.sender) or "unknown", "room.created", event.room_id, {"kind": kind, "encrypted": kind != "sms" and self._rules.require_encryption})
            return
        if event.type != "m.room.member" or not event.is_state():
            return
        kind = _room_kind(state_events)
        if kind not in ("clinical", "sms"):
            return
        membership = event.content.get("membership")
        action = _MEMBERSHIP_ACTIONS.get(membership)
        if membership == "leave":
            action = "room.member_left" if event.sender == event.state_key else "room.member_kicked"
        if action is None:
            return
        details: dict[str, Any] = {"roomKind": kind}
        member = safe_id(event.state_key)
        if member:
            details["member"] = member
        await self.record(safe_id(event.sender) or "unknown", action, event.room_id, details)

    # ---- sessions ----

    async def check_password(self, username: str, login_type: str, login_dict: dict) -> Any:
        """
        Checks the password with Synapse's own local check (internal API of the pinned version,
        covered by the integration tests). On success the login response callback records the
        login with its device; on failure the attempt is aggregated, and None lets Synapse
        answer as it always does (it checks again: a failed attempt costs two hash checks,
        bounded by Synapse's failed-login rate limit).
        """
        qualified = username if username.startswith("@") else self._api.get_qualified_user_id(username)
        auth = self._api._hs.get_auth_handler()
        password = login_dict.get("password")
        canonical = await auth._check_local_password(qualified, password) if isinstance(password, str) else None
        request = _request_context()
        source = safe_id(getattr(request, "ip_address", None))
        if canonical is None:
            exists = await self._api.check_user_exists(qualified)
            await self._failed_login(qualified, "bad_password" if exists else "unknown_user", source)
            return None
        # Synapse refuses a locked account after the password check: that is a failure too.
        store = self._api._hs.get_datastores().main
        if await store.get_user_locked_status(canonical):
            await self._failed_login(canonical, "account_locked", source)
            return None

        async def logged_in(response: dict) -> None:
            details: dict[str, Any] = {"method": "password"}
            device = safe_id(response.get("device_id"))
            if device:
                details["deviceId"] = device
            if source:
                details["source"] = source
            await self.record(canonical, "session.logged_in", canonical, details)

        return canonical, logged_in

    async def _failed_login(self, qualified: Optional[str], reason: str, source: Optional[str], method: str = "password") -> None:
        """`qualified`: the user as typed (qualified), or None when the attempt names nobody (a bad token)."""
        now = self._api.get_current_time_msec()
        minute = now // 60_000 * 60_000
        target = safe_id(qualified)
        details: dict[str, Any] = {"minute": _iso(minute)}
        if target is None and qualified is not None:
            # Not an id (spaces, a phone number typed as a user name...): never recorded as typed.
            details["userHash"] = hashlib.sha256(qualified.encode()).hexdigest()
        base = {"actor": "system:synapse", "action": "session.login_failed", "target": target, "details": details}
        # Attempts that name nobody are aggregated per method and minute.
        user_key = target or details.get("userHash") or f"?{method}"
        await self._db("wardroom_failed_login", spool.add_failed_login, user_key, minute, now, base, reason, source, method)

    async def login_refused(self, login_type: str, user: Optional[str], token: Optional[str], reason: Optional[str], source: Optional[str]) -> None:
        """
        A login Synapse refused outside the password checker (from log_handlers.py). `reason`
        None: a refused m.login.token, classified by the token's row (which also names whose
        it was; the token itself is never recorded).
        """
        method = login_method(login_type)
        qualified = None
        if isinstance(user, str) and user:
            qualified = user if user.startswith("@") else self._api.get_qualified_user_id(user)
        if isinstance(token, str) and token:
            owner, token_reason = await self._db("wardroom_login_token_state", spool.login_token_state, token, self._api.get_current_time_msec())
            qualified = owner or qualified
            reason = reason or token_reason
        await self._failed_login(qualified, reason or "bad_token", source, method)

    def run_soon(self, desc: str, work: Any) -> None:
        """From synchronous code (log handlers): runs `work` (a coroutine) in the background."""

        async def run() -> None:
            try:
                await work
            except Exception:
                logger.exception("wardroom: %s failed", desc)

        self._api.run_as_background_process(desc, run)

    async def check_login_for_spam(self, user_id: str, device_id: Optional[str], initial_display_name: Optional[str], request_info: Any, auth_provider_id: Optional[str] = None) -> Any:
        """Not a spam check: the last call before a login registers its device (see on_user_login)."""
        request_id = getattr(_request_context(), "request_id", None)
        if request_id is not None:
            now = time.monotonic()
            # Logins that failed after this call never reach on_user_login: forget them.
            for key in [k for k, v in self._devices_before_login.items() if now - v[0] > 120]:
                del self._devices_before_login[key]
            before = await self._db("wardroom_devices_before_login", spool.device_ids, user_id)
            self._devices_before_login[(user_id, str(request_id))] = (now, device_id, before)
        return NOT_SPAM

    async def _record_new_devices(self, user_id: str, method: str) -> None:
        request = _request_context()
        snapshot = self._devices_before_login.pop((user_id, str(getattr(request, "request_id", None))), None)
        if snapshot is None:
            return
        _, requested, before = snapshot
        new = await self._db("wardroom_devices_after_login", spool.device_ids, user_id) - before
        if requested is not None:
            new &= {requested}
        now = time.monotonic()
        for key in [k for k, t in self._created_devices.items() if now - t > 600]:
            del self._created_devices[key]
        # An appservice logging in as one of its users is the actor.
        actor = safe_id(getattr(request, "requester", None)) or user_id
        for device in sorted(new):
            if safe_id(device) is None or (user_id, device) in self._created_devices:
                continue
            self._created_devices[(user_id, device)] = now
            await self.record(actor, "device.created", user_id, {"deviceId": device, "method": method})

    async def on_user_login(self, user_id: str, auth_provider_type: Optional[str], auth_provider_id: Optional[str]) -> None:
        await self._record_new_devices(user_id, login_method(auth_provider_type or "unknown"))
        if auth_provider_type == "m.login.password":
            return  # recorded with its device by check_password's callback
        details: dict[str, Any] = {"method": login_method(auth_provider_type or "unknown")}
        provider = safe_id(auth_provider_id)
        if provider:
            details["authProvider"] = provider
        await self.record(user_id, "session.logged_in", user_id, details)

    async def on_logged_out(self, user_id: str, device_id: Optional[str], access_token: str) -> None:
        request = _request_context()
        actor = safe_id(getattr(request, "requester", None)) or user_id
        details: dict[str, Any] = {}
        device = safe_id(device_id)
        if device:
            details["deviceId"] = device
        await self.record(actor, "session.logged_out", user_id, details)

    def check_drain_token(self, request: Any) -> None:
        header = request.requestHeaders.getRawHeaders(b"Authorization") or [b""]
        given = header[0][len(b"Bearer "):] if header[0].startswith(b"Bearer ") else b""
        if not hmac.compare_digest(given, self._drain_token):
            raise SynapseError(401, "a valid drain token is required", Codes.UNKNOWN_TOKEN)


def _member_who_may_send(state: Any, event_type: str, is_mine: Any) -> Optional[str]:
    """The joined local member with the most power, if that is enough to send `event_type`."""
    levels_event = state.get(("m.room.power_levels", ""))
    levels = levels_event.content if levels_event is not None else {}
    needed = (levels.get("events") or {}).get(event_type, levels.get("state_default", 50))
    users = dict(levels.get("users") or {})
    # Room version 12 (Synapse's default): the creators outrank everyone and are not listed.
    create = state.get(("m.room.create", ""))
    if create is not None and str(create.content.get("room_version", "1")) not in {str(v) for v in range(1, 12)}:
        for creator in [create.sender, *(create.content.get("additional_creators") or [])]:
            users[creator] = 2**53
    best: Optional[tuple[int, str]] = None
    for (etype, key), ev in state.items():
        if etype != "m.room.member" or ev.content.get("membership") != "join" or not is_mine(key):
            continue
        power = int(users.get(key, levels.get("users_default", 0)))
        if best is None or power > best[0]:
            best = (power, key)
    return best[1] if best is not None and best[0] >= int(needed) else None


def _room_kind(state_events: Any) -> str:
    create = state_events.get(("m.room.create", ""))
    kind = create.content.get(g.ROOM_KIND_KEY) if create is not None else None
    if isinstance(kind, str):
        return kind
    # Rooms made before the module existed: portal rooms still carry their marker.
    if ("org.wardroom.sms_portal", "") in state_events:
        return "sms"
    return "clinical"


def login_method(login_type: str) -> str:
    """m.login.token -> token, org.matrix.login.jwt -> jwt: the method as the ledger names it."""
    return _category(login_type.replace("m.login.", "").replace("org.matrix.login.", ""))


def _category(value: str) -> str:
    out = re.sub(r"[^a-z0-9_]", "_", value.lower())[:64]
    return out if re.match(r"^[a-z]", out) else f"x_{out}"[:64]


def _iso(ms: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


class _SpoolResource(DirectServeJsonResource):
    """GET ?after=N&limit=M: spooled records with seq > N, oldest first, and how many wait."""

    def __init__(self, module: HomeserverPolicy):
        super().__init__()
        self._module = module

    async def _async_render_GET(self, request: Any) -> tuple[int, dict[str, Any]]:
        self._module.check_drain_token(request)
        try:
            after = int((request.args.get(b"after") or [b"0"])[0])
            limit = int((request.args.get(b"limit") or [b"500"])[0])
        except ValueError:
            raise SynapseError(400, "after and limit must be integers", Codes.INVALID_PARAM)
        if after < 0 or not 1 <= limit <= 5000:
            raise SynapseError(400, "after must be >= 0 and limit from 1 to 5000", Codes.INVALID_PARAM)
        rows = await self._module._db("wardroom_audit_read", spool.read_after, after, limit)
        waiting = await self._module._db("wardroom_audit_pending", spool.pending)
        return 200, {"records": [dict(json.loads(r), seq=seq) for seq, r in rows], "pending": waiting}


class _AckResource(DirectServeJsonResource):
    """POST {"through": N}: the ledger holds every record up to N; they leave the spool."""

    def __init__(self, module: HomeserverPolicy):
        super().__init__()
        self._module = module

    async def _async_render_POST(self, request: Any) -> tuple[int, dict[str, Any]]:
        self._module.check_drain_token(request)
        body = parse_json_object_from_request(request)
        through = body.get("through")
        if not isinstance(through, int) or isinstance(through, bool) or through < 0:
            raise SynapseError(400, "through must be a seq (an integer >= 0)", Codes.INVALID_PARAM)
        deleted = await self._module._db("wardroom_audit_ack", spool.acknowledge, through)
        return 200, {"deleted": deleted}


class _FixRetentionResource(DirectServeJsonResource):
    """POST {"room_id"}: a server admin asks for the room's retention (see the module's docstring)."""

    def __init__(self, module: HomeserverPolicy):
        super().__init__()
        self._module = module

    async def _async_render_POST(self, request: Any) -> tuple[int, dict[str, Any]]:
        api = self._module._api
        requester = await api.get_user_by_req(request)
        admin = requester.user.to_string()
        if not await api.is_user_admin(admin):
            raise SynapseError(403, "only a server admin may fix a room's retention", Codes.FORBIDDEN)
        body = parse_json_object_from_request(request)
        room_id = body.get("room_id")
        if not isinstance(room_id, str) or not room_id.startswith("!") or safe_id(room_id) is None:
            raise SynapseError(400, "room_id must be a room id", Codes.INVALID_PARAM)
        create = await api.get_room_state(room_id, [("m.room.create", "")])
        if ("m.room.create", "") not in create:
            raise SynapseError(404, "there is no such room on this homeserver", Codes.NOT_FOUND)
        result = await self._module._fix_retention(room_id, actor=safe_id(admin) or "unknown", only_if_missing=True)
        return 200, dict(result, fixed=result["outcome"] == "fixed")
