"""Settings from the environment (SUMMARIZER_*), in one typed object that fails loudly on bad values."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .errors import ConfigError


class Settings(BaseSettings):
    """Every knob of the library (the service's own are in api/settings.py). The README's table lists them."""

    model_config = SettingsConfigDict(env_prefix="SUMMARIZER_", frozen=True, extra="forbid")

    default_method: str | None = Field(
        None, description="method used when a request names none (unset: the library default)"
    )
    max_text_chars: int = Field(1_000_000, ge=100, description="longest text, in characters (413 beyond)")

    # Abstractive summaries (transformers).
    model: str = Field("sshleifer/distilbart-cnn-12-6", description="hub id or local directory of the model")
    allowed_models: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="other models a request may name (comma-separated)"
    )
    preload: bool = Field(False, description="load the model at start-up (before gunicorn forks)")
    device: Literal["auto", "cpu", "cuda"] = Field("auto", description="auto: CUDA when present")
    generation_timeout: float = Field(120.0, gt=0, description="seconds one abstractive request may take (504)")
    queue_size: int = Field(4, ge=0, description="requests that may wait for the model per worker (429 beyond)")
    max_abstractive_chars: int = Field(100_000, ge=100, description="longest text for abstractive methods (413)")
    num_beams: int | None = Field(None, ge=1, description="beam width (unset: the model's generation config, or 4)")
    no_repeat_ngram_size: int | None = Field(None, ge=0, description="unset: the model's, or 3")
    length_penalty: float | None = Field(None, description="unset: the model's, or 2.0")
    batch_size: int = Field(
        8, ge=1, description="inputs generated together in one padded batch (chunks of a document, concurrent requests)"
    )
    batch_wait_ms: float = Field(
        5.0, ge=0, le=1000, description="how long a batch waits for other requests' inputs before it starts"
    )
    quantize: Literal["none", "int8"] = Field(
        "none", description="int8: PyTorch dynamic int8 quantisation of the linear layers (CPU only; see README)"
    )

    torch_threads: int | None = Field(
        None, ge=1, description="PyTorch threads per worker (unset: cores / workers under gunicorn)"
    )

    # Sentence embeddings.
    static_embeddings: Path | None = Field(
        None,
        description="directory of the static sentence vectors of the default method "
        "(unset: the ones `scripts/install.sh` distils into the environment)",
    )
    embedding_model: str | None = Field(
        None,
        description="sentence-transformers checkpoint of `embedding` and `centrality-minilm` (unset: bundled MiniLM)",
    )

    # Jobs (summarizer/jobs/): POST /v1/jobs, `summarize worker`, `summarize batch`.
    redis_url: str | None = Field(
        None, description="Redis for jobs, e.g. redis://redis:6379/0: RQ workers run them (unset: in-process)"
    )
    job_ttl: int = Field(86_400, ge=1, description="seconds a finished job's result or error is kept (404 after)")
    job_queue_size: int = Field(100, ge=1, description="jobs that may wait to start (429 beyond)")
    job_threads: int = Field(1, ge=1, le=64, description="embedded backend: jobs run at once per service worker")
    job_timeout: int = Field(3600, ge=1, description="seconds one job may run before RQ stops it")

    @property
    def models(self) -> list[str]:
        """Every model a request may name: SUMMARIZER_MODEL first, then SUMMARIZER_ALLOWED_MODELS."""
        return [self.model, *(m for m in self.allowed_models if m != self.model)]

    @field_validator("allowed_models", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with `overrides` on top; a bad value is a ConfigError naming it."""
    return load(Settings, **overrides)


S = TypeVar("S", bound=BaseSettings)


def load(cls: type[S], **overrides: object) -> S:
    """`cls` (SUMMARIZER_* settings) from the environment with `overrides` on top, or a ConfigError."""
    try:
        return cls(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = "; ".join(
            f"SUMMARIZER_{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in error.errors()
        )
        raise ConfigError(f"bad configuration: {problems}") from None


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process's settings, read once."""
    return load_settings()
