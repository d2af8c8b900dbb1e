"""Rooms that cannot be weakened: pure decisions over Synapse's event and room-creation data.

Each check returns None (allowed) or a Refusal naming the rule. The rule ids are stable (they
appear in 403 errors, in the audit ledger and in docs/audit.md); the texts explain them.
No I/O here: homeserver.py calls these from Synapse's callbacks and does the recording.
"""

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional

ENCRYPTION = "m.room.encryption"
JOIN_RULES = "m.room.join_rules"
GUEST_ACCESS = "m.room.guest_access"
HISTORY_VISIBILITY = "m.room.history_visibility"
RETENTION = "m.room.retention"
REDACTION = "m.room.redaction"
PORTAL_STATE_TYPE = "org.wardroom.sms_portal"
# Written into every room's m.room.create content at creation: the kind of room, for
# retention, the membership audit and the hygiene sweep.
ROOM_KIND_KEY = "org.wardroom.room_kind"
MEGOLM = "m.megolm.v1.aes-sha2"
PROTECTED_STATE = (ENCRYPTION, JOIN_RULES, GUEST_ACCESS, HISTORY_VISIBILITY)


@dataclass(frozen=True)
class Refusal:
    rule: str
    message: str


@dataclass(frozen=True)
class GuardrailConfig:
    require_encryption: bool
    allowed_join_rules: tuple[str, ...]
    allow_guest_access: bool
    allow_world_readable: bool
    allow_directory_publication: bool
    admin_marker: str
    # kind -> m.room.retention content (min_lifetime / max_lifetime in ms)
    retention: Mapping[str, Mapping[str, int]]

    @staticmethod
    def parse(raw: Mapping[str, Any]) -> "GuardrailConfig":
        def need(key: str, kind: type) -> Any:
            value = raw.get(key)
            if not isinstance(value, kind):
                raise ValueError(f"wardroom_synapse guardrails: {key} must be a {kind.__name__}")
            return value

        join_rules = need("allowed_join_rules", list)
        if "public" in join_rules or not all(isinstance(r, str) for r in join_rules):
            raise ValueError("wardroom_synapse guardrails: allowed_join_rules must be strings and never 'public'")
        retention = need("retention", dict)
        for kind in ("clinical", "sms", "admin"):
            rule = retention.get(kind)
            if not isinstance(rule, dict) or not all(isinstance(rule.get(k), int) for k in ("min_lifetime", "max_lifetime")):
                raise ValueError(f"wardroom_synapse guardrails: retention.{kind} needs integer min_lifetime and max_lifetime")
        return GuardrailConfig(
            require_encryption=need("require_encryption", bool),
            allowed_join_rules=tuple(join_rules),
            allow_guest_access=need("allow_guest_access", bool),
            allow_world_readable=need("allow_world_readable", bool),
            allow_directory_publication=need("allow_directory_publication", bool),
            admin_marker=need("admin_marker", str),
            retention={k: dict(v) for k, v in retention.items()},
        )


def _refuse_state(config: GuardrailConfig, event_type: str, content: Mapping[str, Any]) -> Optional[Refusal]:
    """Rules on the content of a protected state event, wherever it is sent."""
    if event_type == JOIN_RULES:
        rule = content.get("join_rule")
        if rule not in config.allowed_join_rules:
            return Refusal("no-public-rooms", f"join rule {rule!r} is not allowed: rooms are {' or '.join(config.allowed_join_rules)} only")
    if event_type == GUEST_ACCESS and not config.allow_guest_access and content.get("guest_access") != "forbidden":
        return Refusal("no-guest-access", "guest access is not allowed: set guest_access to forbidden")
    if event_type == HISTORY_VISIBILITY and not config.allow_world_readable and content.get("history_visibility") == "world_readable":
        return Refusal("no-world-readable-history", "world_readable history is not allowed: history is for room members only")
    if event_type == ENCRYPTION and content.get("algorithm") != MEGOLM:
        return Refusal("encryption-algorithm", f"m.room.encryption must use {MEGOLM}")
    return None


def check_state_event(
    config: GuardrailConfig,
    event_type: str,
    state_key: Optional[str],
    content: Mapping[str, Any],
    current: Mapping[tuple[str, str], Any],
    room_kind: str,
) -> Optional[Refusal]:
    """A state event in an existing room. `current` maps (type, state_key) to event content."""
    if state_key != "" or event_type not in PROTECTED_STATE:
        return None
    if event_type == ENCRYPTION:
        existing = current.get((ENCRYPTION, ""))
        if existing is not None and dict(existing) != dict(content):
            return Refusal("no-encryption-downgrade", "the room's encryption cannot be changed or removed once it is on")
        if room_kind == "sms":
            # Portal rooms are the one unencrypted kind: the bridge must read what it texts.
            return Refusal("portal-room-unencrypted", "an SMS portal room stays unencrypted (SMS is not encrypted; the bridge reads it)")
    return _refuse_state(config, event_type, content)


def check_redaction(redacts: Optional[str], current_event_ids: Mapping[tuple[str, str], str]) -> Optional[Refusal]:
    """Redacting a protected state event would strip its content (encryption off, rules gone)."""
    if redacts is None:
        return None
    for key in PROTECTED_STATE:
        if current_event_ids.get((key, "")) == redacts:
            return Refusal("no-protected-state-redaction", f"the room's current {key} event cannot be redacted")
    return None


def room_kind_for_creation(initial_state: Iterable[Any], from_bridge: bool, admin_marker: str) -> str:
    types = {s.get("type") for s in initial_state if isinstance(s, dict)}
    if from_bridge and PORTAL_STATE_TYPE in types:
        return "sms"
    if admin_marker in types:
        return "admin"
    return "clinical"


def prepare_room_creation(config: GuardrailConfig, request: dict[str, Any], kind: str) -> Optional[Refusal]:
    """
    Checks a /createRoom body and completes it in place: encryption on (except portal rooms),
    no guests, the kind's retention, and the kind in the create event. Returns a Refusal for
    anything that would make the room public.
    """
    preset = request.get("preset")
    if preset == "public_chat":
        return Refusal("no-public-rooms", "the public_chat preset is not allowed: use private_chat")
    if request.get("visibility") == "public" and not config.allow_directory_publication:
        return Refusal("no-directory-publication", "rooms cannot be published in the room directory")
    initial_state = request.get("initial_state") or []
    if not isinstance(initial_state, list):
        return Refusal("bad-initial-state", "initial_state must be a list of state events")
    for s in initial_state:
        if not isinstance(s, dict) or not isinstance(s.get("content", {}), dict):
            return Refusal("bad-initial-state", "initial_state must be a list of state events")
        if s.get("state_key", "") != "":
            continue
        refusal = _refuse_state(config, s.get("type", ""), s.get("content") or {})
        if refusal:
            return refusal
        if kind == "sms" and s.get("type") == ENCRYPTION:
            return Refusal("portal-room-unencrypted", "an SMS portal room stays unencrypted")

    types = {s.get("type") for s in initial_state}
    completed = list(initial_state)
    if kind != "sms" and config.require_encryption and ENCRYPTION not in types:
        completed.append({"type": ENCRYPTION, "state_key": "", "content": {"algorithm": MEGOLM}})
    if GUEST_ACCESS not in types:
        # The private_chat preset would otherwise let guests join.
        completed.append({"type": GUEST_ACCESS, "state_key": "", "content": {"guest_access": "forbidden"}})
    if RETENTION not in types:
        completed.append({"type": RETENTION, "state_key": "", "content": dict(config.retention[kind])})
    request["initial_state"] = completed
    creation_content = request.get("creation_content")
    if creation_content is None:
        creation_content = {}
    if not isinstance(creation_content, dict):
        return Refusal("bad-creation-content", "creation_content must be an object")
    creation_content[ROOM_KIND_KEY] = kind
    request["creation_content"] = creation_content
    return None
