"""Settings from the environment (SUMMARIZER_*), in one typed object that fails loudly on bad values."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import SummarizerError


class ConfigError(SummarizerError):
    code = "config_error"


class Settings(BaseSettings):
    """Every knob of the library and the service. The README's configuration table lists them."""

    model_config = SettingsConfigDict(env_prefix="SUMMARIZER_", frozen=True, extra="forbid")

    host: str = Field("127.0.0.1", description="address the service listens on")
    port: int = Field(8000, ge=1, le=65535, description="port the service listens on")
    workers: int = Field(2, ge=1, le=64, description="gunicorn worker processes")
    threads: int = Field(4, ge=1, le=64, description="threads per worker")
    timeout: int = Field(120, ge=5, description="seconds before gunicorn restarts a silent worker")
    log_level: Literal["debug", "info", "warning", "error", "critical"] = Field("info", description="log level")
    default_method: str | None = Field(
        None, description="method used when a request names none (unset: the library default)"
    )
    max_body_bytes: int = Field(1_048_576, ge=1024, description="largest request body (413 beyond)")
    max_text_chars: int = Field(1_000_000, ge=100, description="longest text, in characters (413 beyond)")
    max_batch_documents: int = Field(32, ge=1, le=1000, description="most documents in one batch request")


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with `overrides` on top; a bad value is a ConfigError naming it."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = "; ".join(
            f"SUMMARIZER_{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in error.errors()
        )
        raise ConfigError(f"bad configuration: {problems}") from None


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process's settings, read once."""
    return load_settings()
