"""Audit sources that Synapse's module API has no callback for: its log records.

Configured in the log config that core/synapse/renderConfig.ts renders:
- `synapse.handlers.device` -> DeviceDeletionHandler: the "Deleting devices %r for %r" record
  is written by DeviceHandler.delete_devices, the one path every device deletion takes
  (the client API, logout, the admin API, an expired session).
- `synapse.access` -> AdminApiHandler: the request log line Synapse documents
  (docs/usage/administration/request_log.md), with the client address, the requester, the
  status, the method and the redacted URI, for requests to /_synapse/admin/.
- `synapse.access` -> SsoFailureHandler: the same line for the SSO callbacks (OIDC, SAML,
  CAS, the username picker) answering 4xx/5xx: every SSO failure renders Synapse's SSO error
  page (SsoHandler.render_error), which logs nothing of its own.
- `synapse.http.server` -> LoginRefusalHandler: "%s SynapseError: %s - %s", written by
  return_json_error for every refused request, with the request itself; for POST /login it
  is the one trace of a refused token, appservice or JWT login (the login servlet handles
  those without any module callback). Password refusals are recorded by the password
  checker; only those it cannot see (a deactivated account, a rate limit) are taken here.

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


def _access_line(record: logging.LogRecord) -> Optional[tuple[tuple[Any, ...], str]]:
    """The request log line's arguments and its redacted URI, or None for another record."""
    args = record.args
    if not isinstance(args, tuple) or len(args) < 14 or not isinstance(args[13], str):
        return None
    return args, args[13]


class AdminApiHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = _access_line(record)
            if line is None or not line[1].startswith("/_synapse/admin/"):
                return
            args, uri = line
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


_LOGIN_PATH = re.compile(r"^/_matrix/client/(?:r0|v3|unstable)/login$")
_SSO_CALLBACKS = re.compile(
    r"^(?:/_synapse/client/oidc/callback|/_synapse/client/saml2/authn_response|/_synapse/client/pick_username/"
    r"|/_synapse/client/sso_register|/_matrix/client/(?:r0|v3)/login/cas/ticket)"
)
# Refusals the password checker (HomeserverPolicy.check_password) never sees.
_DEACTIVATED = "This account has been deactivated"
_LOCKED = "User account has been locked"
_MAX_LOGIN_BODY = 64 * 1024


def _login_body(request: Any) -> Optional[dict[str, Any]]:
    """The login request's JSON body, read again from the request (Synapse keeps it)."""
    import json

    content = getattr(request, "content", None)
    if content is None:
        return None
    content.seek(0)
    raw = content.read(_MAX_LOGIN_BODY + 1)
    if len(raw) > _MAX_LOGIN_BODY:
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _reason(login_type: str, status: int, message: str) -> Optional[str]:
    """Why the login was refused; None: a token to classify by its row; "" not a failed login."""
    if status == 429:
        return "rate_limited"
    if message == _DEACTIVATED:
        return "user_deactivated"
    if message == _LOCKED:
        return "" if login_type == "m.login.password" else "account_locked"
    if login_type == "m.login.password" or status not in (401, 403):
        return ""  # the password checker has it; 400s are malformed requests, not attempts
    if login_type == "m.login.token":
        return None
    return "refused"


class LoginRefusalHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            args = record.args
            if not isinstance(record.msg, str) or not record.msg.startswith("%s SynapseError: %s - %s"):
                return
            if not isinstance(args, tuple) or len(args) < 3 or not isinstance(args[1], int):
                return
            request = args[0]
            if getattr(request, "method", None) != b"POST" or not _LOGIN_PATH.match(str(getattr(request, "path", b""), "ascii", "replace")):
                return
            module = _module()
            if module is None:
                return
            body = _login_body(request)
            login_type = body.get("type") if body else None
            if not isinstance(login_type, str):
                return
            reason = _reason(login_type, args[1], str(args[2]))
            if reason == "":
                return
            identifier = body.get("identifier") if isinstance(body.get("identifier"), dict) else {}
            user = identifier.get("user") if identifier.get("type", "m.id.user") == "m.id.user" else None
            user = user if isinstance(user, str) else body.get("user") if isinstance(body.get("user"), str) else None
            token = body.get("token") if login_type == "m.login.token" else None
            from .homeserver import safe_id

            source = safe_id(request.get_client_ip_if_available())
            module.run_soon("wardroom_login_refused", module.login_refused(login_type, user, token, reason, source))
        except Exception:
            self.handleError(record)


class SsoFailureHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = _access_line(record)
            if line is None or not _SSO_CALLBACKS.match(line[1]):
                return
            args = line[0]
            status = str(args[11]).rstrip("!")
            module = _module()
            if module is None or not status.isdigit() or int(status) < 400:
                return
            from .homeserver import safe_id

            module.run_soon("wardroom_sso_failed", module.login_refused("m.login.sso", None, None, "sso_failed", safe_id(args[0])))
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
