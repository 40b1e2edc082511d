"""The dashboard server: a JSON API over the report layer, Server-Sent Events, and one error handler."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any

import orjson
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.exceptions import HTTPException

from groundswell.errors import GroundswellError, StoreError
from groundswell.report import Filters, load_measure, movement_events, release
from groundswell.store import store_status
from groundswell.store.matching import stored_movements
from groundswell.web._state import StoreWatcher

__all__ = ["create_app"]

INTERVALS = ("hour", "day", "week", "month")
STATIC = {"dashboard.js": "text/javascript", "dashboard.css": "text/css"}


def _values(raw: str | None) -> tuple[str, ...]:
    """``a,b`` → ``("a", "b")``; empty → no filter."""
    return tuple(sorted({v.strip() for v in (raw or "").split(",") if v.strip()}))


def _date(raw: str | None, name: str) -> datetime | None:
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError as exc:
        raise GroundswellError(f"{name}={raw!r} is not a date: give YYYY-MM-DD") from exc


def _error_page(status: int, message: str, request: Request) -> Response:
    """The one error rendering: JSON for the API (or a JSON client), else a small HTML page."""
    wants_json = request.url.path.startswith("/api") or "json" in request.headers.get("accept", "")
    if wants_json:
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)
    page = (
        f"<!doctype html><meta charset=utf-8><title>Error {status}</title>"
        f'<h1>Error {status}</h1><p>{escape(message)}</p><p><a href="/">Dashboard</a></p>'
    )
    return HTMLResponse(page, status_code=status)


def create_app(db: Path, *, show_texts: bool = False, poll_interval: float = 0.5) -> FastAPI:
    """The dashboard for the store ``db``; post texts are served only with ``show_texts``."""
    app = FastAPI(
        title="groundswell dashboard",
        version="1",
        description="Voices, new voices and amplifiers of a movement, filtered and live.",
    )
    watcher = StoreWatcher(db)

    async def _json(
        key: tuple[Any, ...], filters: Filters, body: Callable[[Any], bytes]
    ) -> Response:
        """A JSON body cached per store version: a hit is served on the event loop, a miss in a thread."""
        cached = watcher.peek(key, filters)
        if cached is None:
            cached = await asyncio.to_thread(watcher.cached, key, filters, body)
        return Response(cached, media_type="application/json")

    @app.exception_handler(GroundswellError)
    async def library_error(request: Request, exc: GroundswellError) -> Response:
        status = 503 if isinstance(exc, StoreError) and "locked" in str(exc) else 400
        return _error_page(status, str(exc), request)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error_page(exc.status_code, str(exc.detail), request)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _error_page(422, problems, request)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard() -> HTMLResponse:
        return HTMLResponse(
            files("groundswell.web").joinpath("static/dashboard.html").read_text("utf-8")
        )

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in STATIC:
            raise HTTPException(404, f"no static file {name}")
        body = files("groundswell.web").joinpath(f"static/{name}").read_text("utf-8")
        return Response(body, media_type=STATIC[name])

    @app.get("/api/status", summary="What the store holds")
    async def status() -> Response:
        def body(view: Any) -> bytes:
            data = store_status(view, None)
            return orjson.dumps({**data, "live": watcher.state, "show_texts": show_texts})

        return await _json(("status",), Filters(), body)

    @app.get("/api/movements", summary="Movements with stored matches")
    async def movements() -> Response:
        return await _json(
            ("movements",),
            Filters(),
            lambda view: orjson.dumps({"movements": stored_movements(view)}),
        )

    @app.get(
        "/api/measure",
        summary="The measure of a movement (released: small cells suppressed)",
        response_class=JSONResponse,
        responses={
            200: {
                "description": "the `docs/measure-schema.md` object, plus `filters`, "
                "`release`, `events` and `live`"
            }
        },
    )
    async def measure(
        movement: str = Query(..., description="movement name, e.g. metoo"),
        platform: str | None = Query(None, description="comma-separated platforms"),
        lang: str | None = Query(None, description="comma-separated language codes"),
        variant: str | None = Query(None, description="comma-separated variants (hashtags)"),
        start: str | None = Query(None, alias="from", description="first day, YYYY-MM-DD"),
        end: str | None = Query(None, alias="to", description="day after the last, YYYY-MM-DD"),
        interval: str = Query("day", pattern="^(hour|day|week|month)$"),
        tz: str = Query("UTC", description="IANA time zone"),
    ) -> Response:
        filters = Filters(_values(platform), _values(lang), _values(variant))
        params = {
            "interval": interval,
            "tz": tz,
            "start": _date(start, "from"),
            "end": _date(end, "to"),
        }

        def body(view: Any) -> bytes:
            result = load_measure(view, movement, **params)
            result["filters"] = {
                "platform": filters.platforms,
                "lang": filters.langs,
                "variant": filters.variants,
            }
            data = release(result, include_texts=show_texts)
            data["events"] = movement_events(movement)
            data["live"] = watcher.state
            return orjson.dumps(data, default=str)

        key = ("measure", movement, *sorted(params.items()))
        return await _json(key, filters, body)

    @app.get("/api/posts", summary="Latest matching posts (texts only with --show-texts)")
    async def posts(
        movement: str,
        limit: int = Query(20, ge=1, le=200),
        platform: str | None = None,
        lang: str | None = None,
        variant: str | None = None,
    ) -> Response:
        filters = Filters(_values(platform), _values(lang), _values(variant))
        columns = "p.platform, p.created_at, p.author, p.kind, p.lang, p.hashtags" + (
            ", p.text" if show_texts else ""
        )

        def latest(view: Any) -> bytes:
            cursor = view.connection.execute(
                f"""SELECT {columns} FROM matches m JOIN posts p USING (platform, id)
                    WHERE m.movement = ? AND NOT p.deleted ORDER BY p.created_at DESC LIMIT ?""",
                [movement, limit],
            )
            names = [d[0] for d in cursor.description]
            rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
            for row in rows:
                row["created_at"] = row["created_at"].isoformat() + "Z"
            return orjson.dumps({"posts": rows, "texts": show_texts})

        return await _json(("posts", movement, limit), filters, latest)

    @app.get(
        "/api/events", summary="Server-Sent Events: a `store` event whenever the store changes"
    )
    async def events(request: Request, once: bool = False) -> StreamingResponse:
        async def stream() -> AsyncIterator[str]:
            last = None
            yield "retry: 1000\n\n"
            while not await request.is_disconnected():
                state = await asyncio.to_thread(watcher.poll)
                if state["version"] != last:
                    last = state["version"]
                    yield f"event: store\ndata: {json.dumps(state)}\n\n"
                    if once:
                        return
                await asyncio.sleep(poll_interval)

        return StreamingResponse(
            stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )

    return app
