"""Audit sources that Synapse's module API has no callback for: its log records.

Configured in the log config that core/synapse/renderConfig.ts renders:
- `synapse.handlers.device` -> DeviceDeletionHandler: the "Deleting devices %r for %r" record
  is written by DeviceHandler.delete_devices, the one path every device deletion takes
  (the client API, logout, the admin API, an expired session).
- `synapse.access` -> AdminApiHandler: the request log line Synapse documents
  (docs/usage/administration/request_log.md), with the client address, the requester, the
  status, the method and the redacted URI, for requests to /_synapse/admin/.

A handler reads the record's arguments, never its formatted text, and runs in the thread and
logging context of the request; it only queues the record (the module writes it to the spool
within milliseconds). A log record that does not have the expected shape is ignored rather
than guessed at: the integration tests pin the shape for the pinned Synapse version.
"""

import logging
import re
from typing import Any, Optional
from urllib.parse import unquote

from synapse.logging.context import current_context

_ID_IN_PATH = re.compile(r"^[@!#$][^/]+$")


def _module() -> Any:
    from .homeserver import instance

    return instance()


def _requester() -> Optional[str]:
    from .homeserver import safe_id

    request = getattr(current_context(), "request", None)
    return safe_id(getattr(request, "requester", None))


class DeviceDeletionHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            if record.msg != "Deleting devices %r for %r" or not isinstance(record.args, tuple) or len(record.args) != 2:
                return
            module = _module()
            if module is None:
                return
            from .homeserver import safe_id

            device_ids, user_id = record.args
            user = safe_id(user_id)
            devices = [d for d in (safe_id(x) for x in (device_ids or [])) if d][:100]
            if user is None:
                return
            module.record_soon(_requester() or user, "device.deleted", user, {"deviceIds": devices})
        except Exception:  # a log handler must never break the request that logged
            self.handleError(record)


class AdminApiHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            args = record.args
            if not isinstance(args, tuple) or len(args) < 14:
                return
            uri = args[13]
            if not isinstance(uri, str) or not uri.startswith("/_synapse/admin/"):
                return
            module = _module()
            if module is None:
                return
            from .homeserver import safe_id

            requester = str(args[2] or "")
            # "{admin|puppeted}" when an admin acts as someone: the admin is the actor.
            actor = safe_id(requester.split("|")[0]) or "anonymous"
            endpoint, target = _endpoint(uri.split("?")[0])
            status = str(args[11]).rstrip("!")
            details: dict[str, Any] = {"method": str(args[12]).lower()[:10], "endpoint": endpoint}
            if status.isdigit():
                details["status"] = int(status)
            source = safe_id(args[0])
            if source:
                details["source"] = source
            module.record_soon(actor, "admin.api_used", target, details)
        except Exception:
            self.handleError(record)


def _endpoint(path: str) -> tuple[str, Optional[str]]:
    """/_synapse/admin/v2/users/@bob:x/devices -> ("/_synapse/admin/v2/users/:id/devices", "@bob:x")."""
    from .homeserver import safe_id

    parts = path.split("/")
    target = None
    for i, part in enumerate(parts):
        decoded = unquote(part)
        if _ID_IN_PATH.match(decoded):
            if target is None:
                target = safe_id(decoded)
            parts[i] = ":id"
        elif len(decoded) > 40 or not re.match(r"^[A-Za-z0-9_.-]*$", decoded):
            parts[i] = ":value"
    endpoint = "/".join(parts)[:255]
    return (endpoint if safe_id(endpoint) else "/_synapse/admin/:value"), target
