"""/readyz means every worker is warm: gunicorn warms the app in its master (`when_ready`) and forks the
workers after, so a worker (a replacement after a crash included) starts with the default method loaded."""

from __future__ import annotations

import os

import api.state
from api import create_app
from api.app import warm_up
from api.state import app_state


def _in_a_forked_worker(check) -> int:  # type: ignore[no-untyped-def]
    """Run `check` in a child process, as gunicorn forks a worker; its exit status."""
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            os._exit(check())
        except BaseException:
            os._exit(2)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_a_worker_forked_after_the_masters_warm_up_is_ready_without_loading_anything():
    app = create_app()
    warm_up(app)  # what gunicorn.conf.py's when_ready does in the master
    state = app_state(app)

    def ready_without_loading() -> int:
        def cold(*args: object) -> None:
            os._exit(1)  # the worker had to load the method: it was not warm

        api.state.warm_up = cold  # the child's own copy of the module; pytest's is untouched
        state.readiness.check(state.summarizer.default_method)  # what /readyz runs
        return 0

    assert 0 == _in_a_forked_worker(ready_without_loading)


def test_without_the_masters_warm_up_a_worker_would_load_on_its_first_readyz():
    app = create_app()
    state = app_state(app)

    def loads() -> int:
        api.state.warm_up = lambda *args: os._exit(1)
        state.readiness.check(state.summarizer.default_method)
        return 0

    assert 1 == _in_a_forked_worker(loads)
