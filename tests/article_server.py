"""A real HTTP server on loopback with an article and pages that misbehave: what a fetched URL meets."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = (
    "The city council approved a new budget for public libraries on Tuesday. "
    "The budget adds evening hours at every branch and funds a mobile library for rural areas. "
    "Librarians said the extra hours would help students who work during the day. "
    "The mayor called the vote a win for readers of all ages. "
    "Opponents argued that the money should have gone to road repairs instead. "
    "The new hours start in March, and the mobile library will begin its routes in the summer."
)
ARTICLE_HTML = (
    "<!doctype html><html><head><title>Libraries</title></head><body><nav>Home | News | Contact</nav>"
    f"<article><h1>Council funds libraries</h1><p>{ARTICLE}</p></article><footer>Copyright</footer></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    """Pages by path: the article as HTML or text, redirects, refusals, a page that never answers."""

    release = threading.Event()  # the hanging page waits for this (set when the server stops)

    def do_GET(self) -> None:
        with contextlib.suppress(ConnectionError):  # the client stopped reading (a page too large), rightly
            self._answer(self.path)

    def _answer(self, path: str) -> None:
        if path == "/article":
            self._send(200, "text/html; charset=utf-8", ARTICLE_HTML.encode())
        elif path == "/plain":
            self._send(200, "text/plain; charset=iso-8859-1", (ARTICLE + " Café.").encode("latin-1"))
        elif path == "/lying-charset":
            self._send(200, "text/plain; charset=utf-8", "Die Bücherei öffnet abends.".encode("latin-1"))
        elif path == "/host":
            self._send(200, "text/plain", f"Host was {self.headers['Host']}. It is echoed here.".encode())
        elif path.startswith("/hops/"):
            hops = int(path.rsplit("/", 1)[1])
            self._redirect(f"/hops/{hops - 1}" if hops > 1 else "/article")
        elif path == "/to-metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/to-private":
            self._redirect("http://10.0.0.1/admin")
        elif path == "/to-ipv6-loopback":
            self._redirect(f"http://[::1]:{self.server.server_address[1]}/article")
        elif path == "/pdf":
            self._send(200, "application/pdf", b"%PDF-1.4")
        elif path == "/big":
            self._send(200, "text/html", b"<p>" + b"word " * 400_000 + b"</p>")
        elif path == "/big-unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no Content-Length: read until closed
            self.close_connection = True
            for _ in range(100):
                self.wfile.write(b"word " * 10_000)
        elif path == "/hang":
            self.release.wait(30)
        elif path == "/missing":
            self._send(404, "text/html", b"<p>gone</p>")
        else:
            self._send(404, "text/plain", b"no such page")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@dataclass(frozen=True)
class Server:
    base: str
    port: int


@contextlib.contextmanager
def serving() -> Iterator[Server]:
    """The server on a free port of 127.0.0.1, until the block ends (a hanging request is released then)."""
    Handler.release.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    port = httpd.server_address[1]
    try:
        yield Server(f"http://127.0.0.1:{port}", port)
    finally:
        Handler.release.set()
        httpd.shutdown()
        httpd.server_close()
