"""`groundswell serve`: the dashboard, or one in-process request with `--get`."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Annotated

import typer

from groundswell.cli.common import EXIT_ERROR, DbOption, error_console, handle_errors
from groundswell.errors import StoreError
from groundswell.store import DEFAULT_DB


@handle_errors
def serve_command(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    show_texts: Annotated[
        bool, typer.Option("--show-texts", help="Serve post texts (off by default).")
    ] = False,
    get: Annotated[
        str | None, typer.Option("--get", help="Run one GET request in-process, print it and exit.")
    ] = None,
) -> None:
    """Serve the dashboard: filters, live updates (Server-Sent Events) and a JSON API.

    Example: groundswell serve --db metoo.duckdb --get /api/status
    """
    from groundswell.web.app import create_app  # the web framework only when serving

    if not Path(db).exists():
        raise StoreError(f"{db}: no store here. Run `groundswell ingest PATH --db {db}` first.")
    app = create_app(Path(db), show_texts=show_texts)
    if get is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # starlette's notice about its httpx transport
            from fastapi.testclient import TestClient

        with TestClient(app) as client:
            response = client.get(get)
        body = response.text
        if "json" in response.headers.get("content-type", ""):
            body = json.dumps(response.json(), indent=2, ensure_ascii=False)
        print(body)
        if response.status_code >= 400:
            error_console.print(f"status {response.status_code}")
            raise typer.Exit(EXIT_ERROR)
        return
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning")
