"""Real-browser flows: headless Debian Chromium (Playwright) against a real uvicorn server."""

from __future__ import annotations

import os
from pathlib import Path

SHOTS = (
    Path(os.environ.get("NEUROLIFT_SCREENSHOTS", ""))
    if os.environ.get("NEUROLIFT_SCREENSHOTS")
    else None
)


def shot(page, name: str) -> None:
    """Save a screenshot when NEUROLIFT_SCREENSHOTS names a folder (for the docs)."""
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_log_in_and_see_only_my_team(page, live_server, h) -> None:
    page.goto(live_server.url + "/squad")
    assert "/login" in page.url  # not logged in: sent to the login page
    page.fill("input[name=username]", "coach_red")
    page.fill("input[name=password]", "wrong password")
    page.click("button[type=submit]")
    assert "error: wrong user name or password" in page.inner_text("main")
    assert page.input_value("input[name=username]") == "coach_red"  # kept for the retry
    page.fill("input[name=password]", h.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/squad")
    text = page.inner_text("main")
    assert "Ada" in text and "Bob" in text and "Cy" not in text
    assert "coach_red (coach)" in page.inner_text("header")
    shot(page, "login_squad")
    page.click("text=Log out")
    page.wait_for_url(live_server.url + "/login")
