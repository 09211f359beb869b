"""The agent console: HTML pages served by the service, and their CSS and JavaScript.

The pages are shells rendered on the server (who is signed in, the CSRF token, the choices a form
offers); the data on them comes from the same JSON API everything else uses, through fetch().
So the console never has rules of its own: what an agent may do is what the API allows.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .desk_pages import router as desk_pages_router
from .login import router as login_router
from .pages import STATIC_DIR
from .pages import router as pages_router


def install_console(app: FastAPI) -> None:
    app.include_router(login_router)
    app.include_router(pages_router)
    app.include_router(desk_pages_router)  # after pages: /console/returns/new is not an RMA
    app.mount("/console/static", StaticFiles(directory=STATIC_DIR), name="console-static")
