"""SMS puppets are the bridge's alone: nobody takes a puppet's name, nobody invites a puppet
that does not exist. Pure decisions; homeserver.py calls them from check_event_allowed.

- A member event whose displayname imitates a puppet's in that room ("+1 555 200 0001 (SMS)",
  or the same with full-width digits, a Cyrillic letter, a zero-width space, "O" for "0") is
  refused unless it is the puppet's own. Names are compared by skeleton: NFKC, invisible
  characters dropped, Unicode's confusables (UTS #39, the table the unhomoglyph package ships,
  the same one the PHI detector uses) folded, case folded, and only letters and digits kept.
- An invite of an SMS puppet id (`@sms_<hex>:server`) that no account has and that the bridge
  does not know (its user query answers 404) is refused: a made-up puppet id gets a 403, never
  a 200 and a pending invite to nobody.
"""

import json
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from .guardrails import Refusal

PUPPET_ID = re.compile(r"^@sms_[0-9a-f]+:")

# Default_Ignorable_Code_Point (DerivedCoreProperties.txt) is not in Python's unicodedata;
# format characters (Cf) cover most of it, and these ranges the rest.
_IGNORABLE_RANGES = ((0x115F, 0x1160), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0x180B, 0x180F), (0xE0000, 0xE0FFF), (0x034F, 0x034F))


def _ignorable(ch: str) -> bool:
    cp = ord(ch)
    return unicodedata.category(ch) == "Cf" or any(lo <= cp <= hi for lo, hi in _IGNORABLE_RANGES)


def load_confusables(path: Optional[str]) -> dict[str, str]:
    """The confusables table (character -> prototype). The config's `confusables_file`, else
    the repository's node_modules/unhomoglyph/data.json; empty when neither exists (then names
    are still compared after NFKC, case folding and invisible characters)."""
    candidates = [Path(path)] if path else [Path(__file__).resolve().parents[4] / "node_modules" / "unhomoglyph" / "data.json"]
    for p in candidates:
        if p.is_file():
            with open(p, encoding="utf8") as f:
                data = json.load(f)
            return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}
    if path:
        raise ValueError(f"wardroom_synapse: confusables_file {path} does not exist")
    return {}


def skeleton(name: str, confusables: Mapping[str, str]) -> str:
    # Case folded before and after the confusables: their prototypes are case-sensitive ("m"
    # is "rn", "M" is not), and "SMS" and "sms" must fold to one name.
    text = "".join(ch for ch in unicodedata.normalize("NFKC", name) if not _ignorable(ch))
    for _ in range(2):
        text = "".join(confusables.get(ch, ch) for ch in text).casefold()
    text = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for ch in text:
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            out.append(confusables.get(str(digit), str(digit)).casefold())
        elif unicodedata.category(ch)[0] in ("L", "N"):
            out.append(ch)
    return "".join(out)


def _core(name: str, confusables: Mapping[str, str]) -> str:
    """The skeleton without the bridge's "(SMS)" suffix: "+1 555 200 0001" imitates too."""
    s = skeleton(name, confusables)
    suffix = skeleton("SMS", confusables)
    return s[: -len(suffix)] if s.endswith(suffix) and len(s) > len(suffix) else s


def check_puppet_name(
    sender: str,
    target: str,
    content: Mapping[str, Any],
    members: Iterable[tuple[str, Mapping[str, Any]]],
    confusables: Mapping[str, str],
) -> Optional[Refusal]:
    """A member event of `target` (by `sender`): refused when its displayname imitates the name
    of an SMS puppet that is a member of the room. `members` is (user id, member content)."""
    if PUPPET_ID.match(target) or content.get("membership") not in ("join", "invite", "knock"):
        return None
    name = content.get("displayname")
    if not isinstance(name, str) or not name.strip():
        return None
    mine = _core(name, confusables)
    if not mine:
        return None
    for user_id, member in members:
        if not PUPPET_ID.match(user_id) or member.get("membership") not in ("join", "invite"):
            continue
        theirs = member.get("displayname")
        if isinstance(theirs, str) and _core(theirs, confusables) == mine:
            return Refusal("no-puppet-impersonation", "this display name imitates the SMS patient's in this room: choose another name")
    return None


def is_puppet_id(user_id: str) -> bool:
    return bool(PUPPET_ID.match(user_id))


UNKNOWN_PUPPET = Refusal("unknown-sms-puppet", "no SMS conversation has this puppet: the SMS bridge adds patients to rooms itself")
