"""The service's own settings (SUMMARIZER_* from the environment): what gunicorn and the HTTP layer need.

The library's settings (methods, models, limits on text) are `summarizer.settings.Settings`.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from limits import parse_many
from pydantic import Field, IPvAnyNetwork, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from summarizer.settings import load
from summarizer.text.fetch import FetchPolicy


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SUMMARIZER_", frozen=True, extra="forbid")

    host: str = Field("127.0.0.1", description="address the service listens on")
    port: int = Field(8000, ge=1, le=65535, description="port the service listens on")
    workers: int = Field(2, ge=1, le=64, description="gunicorn worker processes")
    threads: int = Field(
        8,
        ge=1,
        le=64,
        description="threads per worker: threads - 1 summaries admitted (they take turns), one to refuse the rest",
    )
    timeout: int = Field(120, ge=5, description="seconds before gunicorn restarts a silent worker")
    log_level: Literal["debug", "info", "warning", "error", "critical"] = Field("info", description="log level")
    max_body_bytes: int = Field(1_048_576, ge=1024, description="largest request body (413 beyond)")
    max_batch_documents: int = Field(32, ge=1, le=1000, description="most documents in one batch request")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="origins whose pages may call the API from a browser (comma-separated; * for any); none: CORS off",
    )
    max_job_documents: int = Field(10_000, ge=1, description="most documents in one batch job")
    instance_dir: Path | None = Field(
        None, description="the embedded job backend's state (jobs.sqlite3); unset: Flask's instance folder"
    )

    max_in_flight: int | None = Field(
        None, ge=1, description="summaries one worker answers at once, 429 beyond (unset: threads - 1, at least 1)"
    )
    max_requests: int = Field(
        2000, ge=0, description="requests a worker answers before gunicorn replaces it (0: never)"
    )
    max_requests_jitter: int = Field(200, ge=0, description="random extra requests, so workers do not restart together")
    keepalive_requests: int = Field(
        10,
        ge=0,
        description="requests answered on one kept-alive connection before it is closed, so that clients "
        "reconnect and spread over the workers (0: no limit)",
    )
    batch_scheduling: bool = Field(
        True,
        description="run the threads that answer requests under Linux's SCHED_BATCH: a woken thread waits for the "
        "running one's time slice instead of preempting it (fewer context switches); false: the default policy",
    )
    allow_urls: bool = Field(False, description="fetch and summarise the page of a request's `url` (public hosts only)")
    url_allow_networks: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default_factory=list,
        description="non-public networks `url` may reach too (comma-separated CIDR): for tests; never a default",
    )
    url_timeout: float = Field(10.0, gt=0, le=120, description="seconds a page fetch may take, redirects included")
    url_max_bytes: int = Field(5_000_000, ge=1024, description="largest page a `url` may return")
    url_max_redirects: int = Field(5, ge=0, le=20, description="redirects a page fetch follows")
    warm_languages: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["english"],
        description="languages whose splitter and stemmer load before the fork (comma-separated, or all)",
    )

    api_keys: Annotated[frozenset[str], NoDecode] = Field(
        default_factory=frozenset,
        description="API keys a client must send (comma-separated); kept only as SHA-256 digests; none: no keys",
        repr=False,
    )
    rate_limit: str | None = Field(
        None, description='requests per API key (per address without one), e.g. "600/minute"; unset: no limit'
    )
    ip_rate_limit: str | None = Field(
        None, description='requests per client address, key or not, e.g. "1200/minute"; unset: no limit'
    )
    metrics_public: bool = Field(False, description="/metrics needs no API key even when SUMMARIZER_API_KEYS is set")

    @field_validator("api_keys", mode="before")
    @classmethod
    def _hashed(cls, value: object) -> object:
        keys = value.split(",") if isinstance(value, str) else value
        if isinstance(keys, list | tuple | set | frozenset):
            return frozenset(hashlib.sha256(k.strip().encode()).hexdigest() for k in keys if k.strip())
        return value

    @field_validator("rate_limit", "ip_rate_limit")
    @classmethod
    def _rate(cls, value: str | None) -> str | None:
        if value is not None:
            parse_many(value)  # ValueError: "600/minute", "10/second;600/hour" are what it takes
        return value

    @field_validator("cors_origins", "warm_languages", "url_allow_networks", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value


def in_flight_limit(settings: ServiceSettings) -> int:
    """Summaries at once per worker: one thread stays free to refuse the rest at once (health checks have
    a thread of their own, api/worker.py)."""
    return settings.max_in_flight or max(1, settings.threads - 1)


def fetch_policy(settings: ServiceSettings) -> FetchPolicy:
    return FetchPolicy(
        settings.url_max_redirects, settings.url_timeout, settings.url_max_bytes, tuple(settings.url_allow_networks)
    )


def load_service_settings(**overrides: object) -> ServiceSettings:
    """The service's settings from the environment, with `overrides` on top; ConfigError on a bad value."""
    return load(ServiceSettings, **overrides)


@lru_cache(maxsize=1)
def service_settings() -> ServiceSettings:
    """The process's service settings, read once (gunicorn.conf.py)."""
    return load_service_settings()
