"""The app's own HTTP endpoints beside Streamlit's: the staff session cookie is set and cleared
here, because only an HTTP response can set an HttpOnly cookie (Streamlit's websocket cannot,
and `st.context.cookies` only reads). Served by `st.App` in streamlit_app.py."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from voice_app.services import staff_sessions

START = "/api/session/start"
END = "/api/session/end"


def _next_path(asked: str | None) -> str:
    # Only a staff page of this app: never an address elsewhere (no open redirect).
    from voice_app.app import staff_url_paths  # the router imports this module's neighbours

    asked = (asked or "").strip("/")
    return f"/{asked}" if asked in staff_url_paths() else "/"


def start_session(request: Request) -> RedirectResponse:
    """GET ?h=HANDOVER&next=PAGE: the signed-in browser gets its cookie and goes on to the page."""
    response = RedirectResponse(_next_path(request.query_params.get("next")), status_code=303)
    token = staff_sessions.start(request.query_params.get("h"))
    if token is not None:
        response.set_cookie(value=token, **staff_sessions.cookie_attributes())
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def end_session(request: Request) -> RedirectResponse:
    """Sign-out: the token is revoked and the cookie cleared."""
    staff_sessions.end(request.cookies.get(staff_sessions.COOKIE))
    response = RedirectResponse("/", status_code=303)
    attrs = staff_sessions.cookie_attributes()
    response.delete_cookie(attrs["key"], path=attrs["path"], secure=attrs["secure"],
                           httponly=True, samesite="lax")
    response.headers["Cache-Control"] = "no-store"
    return response


def routes() -> list[Route]:
    # Plain functions: Starlette runs them in a thread pool, so the database calls do not block.
    return [Route(START, start_session, methods=["GET"]), Route(END, end_session, methods=["GET"])]
