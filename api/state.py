"""What the routes share, built once per app by the factory: the service's settings, the core, readiness."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import cast

from flask import Flask, current_app

from summarizer import Summarizer
from summarizer.errors import ConfigError, UnsupportedLanguage
from summarizer.jobs import JobStore
from summarizer.pipeline import warm_up

from .settings import ServiceSettings


class Readiness:
    """Remembers which methods have summarised the sample in this process."""

    def __init__(self, summarizer: Summarizer) -> None:
        self.summarizer = summarizer
        self._ready: set[str] = set()
        self._lock = threading.Lock()

    def check(self, method: str) -> None:
        if method in self._ready:
            return
        with self._lock:
            if method not in self._ready:
                warm_up(self.summarizer, method)  # proves the method's data loads
                self._ready.add(method)

    def warm_language(self, language: str) -> None:
        """Load `language`'s sentence splitter and stemmer (an unsupported one is a ConfigError at start)."""
        try:
            warm_up(self.summarizer, self.summarizer.default_method, language)
        except UnsupportedLanguage as error:
            raise ConfigError(f"bad configuration: SUMMARIZER_WARM_LANGUAGES: {error.message}") from None


@dataclass(frozen=True)
class AppState:
    """What the routes need, built once per app: the service's settings, the core, readiness, the jobs."""

    settings: ServiceSettings
    summarizer: Summarizer
    readiness: Readiness
    jobs: JobStore


STATE = "summarizer.state"


def app_state(app: Flask | None = None) -> AppState:
    """The app's state (the current app's by default)."""
    return cast(AppState, (app or current_app).extensions[STATE])
