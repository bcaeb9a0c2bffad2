"""`khronika serve`: the web app and the HTTP API over a store."""
from __future__ import annotations

import asyncio
import ipaddress
import os
from pathlib import Path
from typing import Annotated, TypedDict

import typer

KEEP_ALIVE_S = 5  # idle connections (fresh or kept alive) are closed after this
MAX_CONCURRENCY = 512  # open connections or requests in progress; past it new requests get 503
OPEN_FILES = 4096  # raise the soft limit on open files towards this (connections are files)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_wildcard(host: str) -> bool:
    return host in ("0.0.0.0", "::", "")


def allowed_hosts(host: str, extra: list[str]) -> list[str] | None:
    """The Host names the server answers: on a loopback address, the loopback names (a web page
    reaching 127.0.0.1 through DNS rebinding sends its own name, and gets 400) plus `extra`; on a
    specific address, that address plus `extra`; on every address (0.0.0.0), `extra`, or any
    name when none is given (None)."""
    from khronika.serve.guards import LOOPBACK_HOSTS

    if _is_loopback(host):
        return [*LOOPBACK_HOSTS, host, *extra]
    if _is_wildcard(host):
        return list(extra) if extra else None
    return [host, *extra]


def read_token_file(path: Path) -> str:
    """The token in `path` (first line, surrounding whitespace dropped); typer.BadParameter
    when it cannot be read or is empty. The token itself is never printed."""
    try:
        token = path.read_text(encoding="utf-8").strip().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise typer.BadParameter(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if not token or not token[0].strip():
        raise typer.BadParameter(f"{path} holds no token")
    return token[0].strip()


def _raise_open_files_limit() -> None:
    try:
        import resource
    except ImportError:  # not on POSIX
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = OPEN_FILES if hard == resource.RLIM_INFINITY else min(OPEN_FILES, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except (ValueError, OSError):
            pass


class UvicornSettings(TypedDict):
    """The keyword arguments uvicorn_settings() gives uvicorn.run."""

    http: type[asyncio.Protocol]
    timeout_keep_alive: int
    limit_concurrency: int
    h11_max_incomplete_event_size: int
    log_level: str


def uvicorn_settings() -> UvicornSettings:
    """Connection limits for uvicorn: deadlines on idle, slow-header and slow-body clients
    (serve/protocol.py), a cap on concurrent connections, h11's header size limit."""
    from khronika.serve.protocol import MAX_HEADER_BYTES, GuardedH11Protocol

    return {"http": GuardedH11Protocol, "timeout_keep_alive": KEEP_ALIVE_S, "limit_concurrency": MAX_CONCURRENCY,
            "h11_max_incomplete_event_size": MAX_HEADER_BYTES, "log_level": "warning"}


def register(app: typer.Typer, eval_app: typer.Typer) -> None:  # noqa: ARG001  (no eval commands here)
    @app.command()
    def serve(
        ctx: typer.Context,
        db: Annotated[str | None, typer.Option("--db", help="SQLite file path or postgresql:// URL. "
                                                  "Default: $KHRONIKA_DB or ./khronika.db.")] = None,
        host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
        token: Annotated[str | None, typer.Option(
            "--token", envvar="KHRONIKA_TOKEN", show_envvar=True,
            help="Bearer token that allows POST/DELETE /api/documents; without one the API is read-only. "
            "Prefer $KHRONIKA_TOKEN or --token-file: a flag is visible to every user in `ps`.")] = None,
        token_file: Annotated[Path | None, typer.Option(
            "--token-file", help="Read the bearer token from this file (its first line).")] = None,
        allowed_host: Annotated[list[str] | None, typer.Option(
            "--allowed-host", help="A Host name the server answers besides its own address (repeatable; "
            "*.example.org for subdomains). Other names get 400.")] = None,
        tiles: Annotated[str | None, typer.Option(
            "--tiles", help="Map tile URL template for users online, e.g. "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: the offline basemap).")] = None,
        workers: Annotated[int, typer.Option("--workers", help="Server processes (use the cores you have).",
                                             min=1)] = 1,
    ) -> None:
        """Serve the web app (map, timeline, people, quotes, documents) and the API at /api, docs at /docs.

        Examples:

          khronika serve --db chronicle.db

          KHRONIKA_TOKEN=s3cret khronika serve --host 0.0.0.0 --port 8080 --allowed-host chronicle.example.org

          khronika serve --token-file ~/.config/khronika/token
        """
        import uvicorn

        from khronika.commands.console import err
        from khronika.serve.app import HOSTS_ENV, TILES_ENV, TOKEN_ENV, create_app
        from khronika.serve.security import tiles_origin
        from khronika.store import resolve_db_url

        if tiles and (tiles_origin(tiles) is None or not all(p in tiles for p in ("{z}", "{x}", "{y}"))):
            err.print("[red]error[/red] --tiles must be an http(s) URL template with {z}, {x} and {y}")
            raise typer.Exit(2)
        if token_file is not None:
            try:
                token = read_token_file(token_file)
            except typer.BadParameter as exc:
                err.print(f"[red]error[/red] --token-file: {exc}", highlight=False)
                raise typer.Exit(2) from None
        elif token and getattr(ctx.get_parameter_source("token"), "name", "") == "COMMANDLINE":
            err.print("[yellow]warning[/yellow] --token on the command line is visible to every user in `ps`: "
                      "use $KHRONIKA_TOKEN or --token-file")
        if token and not _is_loopback(host):
            err.print("[yellow]warning[/yellow] the token travels in clear over plain HTTP: "
                      "put a TLS proxy in front of a server reachable from other machines")
        hosts = allowed_hosts(host, allowed_host or [])
        if hosts is None:
            err.print("[yellow]warning[/yellow] answering any Host name: give the names this server is "
                      "reached by with --allowed-host")
        err.print(f"khronika: http://{host}:{port}/  (API docs at /docs; "
                  f"{'writes need the token' if token else 'read-only: no token'})")
        _raise_open_files_limit()
        settings = uvicorn_settings()
        if workers == 1:
            uvicorn.run(create_app(db, token, tiles, allowed_hosts=hosts), host=host, port=port, **settings)
            return
        create_app(db, token, tiles).state.khronika.store.close()  # tables and indexes, once, first
        # Several processes (the GIL keeps one process on one core), each building its own app
        # from the environment: uvicorn's factory mode. The environment of a process is readable
        # by its owner only, unlike its command line.
        os.environ["KHRONIKA_DB"] = resolve_db_url(db)
        for name, value in ((TOKEN_ENV, token), (TILES_ENV, tiles),
                            (HOSTS_ENV, ",".join(hosts) if hosts is not None else None)):
            if value is not None and value != "":
                os.environ[name] = value
            else:
                os.environ.pop(name, None)
        uvicorn.run("khronika.serve.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    **settings)
