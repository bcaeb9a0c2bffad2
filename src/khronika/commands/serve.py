"""`khronika serve`: the web app and the HTTP API over a store."""
from __future__ import annotations

import ipaddress
import os
from typing import Annotated, Optional

import typer


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer, eval_app: typer.Typer) -> None:  # noqa: ARG001  (no eval commands here)
    @app.command()
    def serve(
        db: Annotated[Optional[str], typer.Option("--db", help="SQLite file path or postgresql:// URL. "
                                                  "Default: $KHRONIKA_DB or ./khronika.db.")] = None,
        host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
        token: Annotated[Optional[str], typer.Option(
            "--token", envvar="KHRONIKA_TOKEN", show_envvar=True,
            help="Bearer token that allows POST/DELETE /api/documents; without one the API is read-only.")] = None,
        tiles: Annotated[Optional[str], typer.Option(
            "--tiles", help="Map tile URL template for users online, e.g. "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: the offline basemap).")] = None,
        workers: Annotated[int, typer.Option("--workers", help="Server processes (use the cores you have).",
                                             min=1)] = 1,
    ) -> None:
        """Serve the web app (map, timeline, people, quotes, documents) and the API at /api, docs at /docs.

        Examples:

          khronika serve --db chronicle.db

          KHRONIKA_TOKEN=s3cret khronika serve --host 0.0.0.0 --port 8080
        """
        import uvicorn

        from khronika.cli import err
        from khronika.serve.app import TILES_ENV, TOKEN_ENV, create_app
        from khronika.serve.security import tiles_origin
        from khronika.store import resolve_db_url

        if tiles and (tiles_origin(tiles) is None or not all(p in tiles for p in ("{z}", "{x}", "{y}"))):
            err.print("[red]error[/red] --tiles must be an http(s) URL template with {z}, {x} and {y}")
            raise typer.Exit(2)
        if token and not _is_loopback(host):
            err.print("[yellow]warning[/yellow] the token travels in clear over plain HTTP: "
                      "put a TLS proxy in front of a server reachable from other machines")
        err.print(f"khronika: http://{host}:{port}/  (API docs at /docs; "
                  f"{'writes need the token' if token else 'read-only: no token'})")
        if workers == 1:
            uvicorn.run(create_app(db, token, tiles), host=host, port=port, log_level="warning")
            return
        create_app(db, token, tiles).state.khronika.store.close()  # tables and indexes, once, first
        # Several processes (the GIL keeps one process on one core), each building its own app
        # from the environment: uvicorn's factory mode.
        os.environ["KHRONIKA_DB"] = resolve_db_url(db)
        for name, value in ((TOKEN_ENV, token), (TILES_ENV, tiles)):
            if value:
                os.environ[name] = value
            else:
                os.environ.pop(name, None)
        uvicorn.run("khronika.serve.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")
