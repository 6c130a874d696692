"""Access control and hardening: API keys, rate limits (flask-limiter), security headers, request ids.

Every hook here is installed only when its setting asks for it, except the request id and the security
headers, which are a dictionary lookup and a header update per request.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable

from flask import Flask, Response, g, request
from flask_limiter import ApplicationLimit, Limiter, RequestLimit
from flask_limiter.errors import RateLimitExceeded

from .errors import ApiError, error_response
from .request_id import HEADER, request_id
from .settings import ServiceSettings

# Endpoints anyone may call: health checks (load balancers hold no key), the documentation and the web
# page with their static files (they hold no data; the page's own calls to /v1/* need a key like any
# client's), and CORS preflights. Neither keys nor rate limits apply to them.
PUBLIC_ENDPOINTS = frozenset(
    {"v1.healthz", "v1.readyz", "openapi.openapi_json", "swagger_ui.show", "static", "page.index"}
)
METRICS_ENDPOINT = "metrics.metrics"

# One policy for every response. Scripts only from this origin (the Swagger page's inline script is
# api/static/docs.js); inline styles are allowed because Swagger UI writes style attributes; no
# framing by any site (frame-ancestors, and X-Frame-Options for older browsers).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
}


def install_security(app: Flask, settings: ServiceSettings, storage_uri: str | None) -> None:
    """Request ids and security headers always; API keys when SUMMARIZER_API_KEYS is set; rate limits
    when SUMMARIZER_RATE_LIMIT or SUMMARIZER_IP_RATE_LIMIT is (in `storage_uri`, memory when None)."""

    @app.before_request
    def _request_id() -> None:
        request_id()  # before any other hook may log or fail

    security_headers = list(SECURITY_HEADERS.items())

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        for name, value in security_headers:  # add, not set: no route sets these (and set scans the list)
            headers.add(name, value)
        headers.add(HEADER, request_id())
        return response

    if settings.rate_limit or settings.ip_rate_limit:  # a scraper's /metrics is not rate limited
        _install_rate_limits(app, settings, storage_uri, PUBLIC_ENDPOINTS | {METRICS_ENDPOINT})
    if settings.api_keys:
        public = PUBLIC_ENDPOINTS | ({METRICS_ENDPOINT} if settings.metrics_public else set())
        _install_api_keys(app, settings.api_keys, public)


def _is_public(public: frozenset[str]) -> bool:
    return request.endpoint in public or request.method == "OPTIONS"


def api_key_id(digests: frozenset[str]) -> str | None:
    """The id of the request's valid API key (the first 12 hex digits of its SHA-256), or None.

    Only digests are kept; the given key's digest is compared with every one of them in constant time
    (hmac.compare_digest), so neither a match's position nor a partial match shows in the timing."""
    if "api_key_id" in g:
        return g.api_key_id  # type: ignore[no-any-return]
    given = request.headers.get("X-API-Key")
    if given is None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        given = token.strip() if scheme.lower() == "bearer" else None
    found = None
    if given:
        digest = hashlib.sha256(given.encode()).hexdigest()
        for known in digests:
            if hmac.compare_digest(digest, known):
                found = known[:12]
    g.api_key_id = found
    return found


def _install_api_keys(app: Flask, digests: frozenset[str], public: frozenset[str]) -> None:
    @app.before_request
    def _require_key() -> None:
        if _is_public(public) or api_key_id(digests) is not None:
            return
        given = "X-API-Key" in request.headers or "Authorization" in request.headers
        raise ApiError(
            401,
            "invalid_api_key" if given else "missing_api_key",
            "the API key is not valid"
            if given
            else "an API key is required: send Authorization: Bearer KEY or X-API-Key: KEY",
            headers={"WWW-Authenticate": 'Bearer realm="summarizer"' + (', error="invalid_token"' if given else "")},
        )


def _install_rate_limits(
    app: Flask, settings: ServiceSettings, storage_uri: str | None, public: frozenset[str]
) -> None:
    def remote_address() -> str:
        return request.remote_addr or "unknown"

    def client() -> str:
        """The API key when the request has a valid one, else the address it came from."""
        key = api_key_id(settings.api_keys) if settings.api_keys else None
        return f"key:{key}" if key else f"ip:{remote_address()}"

    limits: list[str | Callable[[], str] | ApplicationLimit] = []
    if settings.rate_limit:
        limits.append(ApplicationLimit(settings.rate_limit, key_function=client, scope="client"))
    if settings.ip_rate_limit:
        limits.append(ApplicationLimit(settings.ip_rate_limit, key_function=remote_address, scope="ip"))
    limiter = Limiter(
        remote_address,
        application_limits=limits,
        storage_uri=storage_uri or "memory://",
        headers_enabled=True,
        key_prefix="summarizer",
    )
    limiter.request_filter(lambda: _is_public(public))
    limiter.init_app(app)

    @app.errorhandler(RateLimitExceeded)
    def _rate_limited(error: RateLimitExceeded) -> Response:
        # flask-limiter adds X-RateLimit-Limit/-Remaining/-Reset and Retry-After to this response.
        per = "API key (or address, without one)" if error.limit.scope == "client" else "address"
        retry = _retry_after(limiter.current_limit)
        return error_response(
            429,
            "rate_limited",
            f"rate limit of {error.limit.limit} reached for this {per}; retry in {retry} s",
            {"limit": str(error.limit.limit), "per": error.limit.scope, "retry_after": retry},
        )


def _retry_after(current: RequestLimit | None) -> int:
    return max(1, int(current.reset_at - time.time())) if current else 1
