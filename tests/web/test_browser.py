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


CMJ = Path(__file__).resolve().parents[1] / "data" / "force" / "gidiel_Single-CMJ-Fz.txt"


def test_upload_a_cmj_and_see_its_metrics_and_phase_plot(page, live_server, h) -> None:
    h.browser_login(page, live_server.url, "coach_red")
    page.goto(live_server.url + f"/upload?athlete={live_server.squad.athlete_ids['Ada']}")
    page.select_option("select[name=kind]", "force")
    page.set_input_files("input[name=file]", str(CMJ))
    page.fill("input[name=sampling_rate]", "1000")
    page.click("#form-upload button[type=submit]")
    page.wait_for_url("**/results/*", timeout=60_000)  # the first analysis imports SciPy
    page.wait_for_selector("#trial-plot .main-svg")  # Plotly drew the figure
    table = page.inner_text("#metrics")
    assert "jump_height_impulse_m\t0.3214" in table and "rsi_modified_m_s\t0.4139" in table
    phases = page.locator("#trial-plot .annotation-text").evaluate_all(
        "els => els.map(e => e.textContent)"  # SVG text, drawn by Plotly in the browser
    )
    assert phases == ["weighing", "unweighting", "braking", "propulsion", "flight", "landing"]
    shot(page, "upload_cmj_result")


def test_log_a_set_and_see_readiness_change(page, live_server, h) -> None:
    aid = live_server.squad.athlete_ids["Ada"]
    page.set_viewport_size({"width": 390, "height": 844})  # a phone in the gym
    h.browser_login(page, live_server.url, "ada")
    page.wait_for_url(f"**/athletes/{aid}")
    assert "green" in page.inner_text("#readiness")
    page.click("nav >> text=Log")
    page.fill("#form-set input[name=load_kg]", "100")
    page.fill("#form-set input[name=reps]", "5")
    page.fill("#form-set input[name=velocity_m_s]", "0.62")
    page.click("#form-set button[type=submit]")
    page.wait_for_selector("#log-result >> text=saved for Ada: 1 sets")
    for name, value in (("sleep_quality", "1"), ("energy", "1"), ("mood", "1"),
                        ("stress", "5"), ("soreness", "5")):  # fmt: skip
        page.select_option(f"#form-wellness select[name={name}]", value)
    page.fill("#form-wellness input[name=sleep_h]", "4")
    shot(page, "log_phone")
    page.click("#form-wellness button[type=submit]")
    page.wait_for_selector("#log-result >> text=saved for Ada: 1 wellness")
    page.goto(live_server.url + f"/athletes/{aid}")
    readiness = page.inner_text("#readiness")
    assert "slept 4.0 h" in readiness and ("yellow" in readiness or "red" in readiness)
    assert "0.62" in page.inner_text("#log")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_create_a_plan(page, live_server, h) -> None:
    bid = live_server.squad.athlete_ids["Bob"]
    h.browser_login(page, live_server.url, "coach_red")
    page.goto(live_server.url + f"/plans?athlete={bid}")
    assert "no program for 'Bob'" in page.inner_text("#plan-view")
    page.fill("#form-plan input[name=weeks]", "6")
    page.click("#form-plan button[type=submit]")
    page.wait_for_selector("#plan-view table")
    assert "Program" in page.inner_text("#plan-view h2")
    page.click("#form-today button[type=submit]")
    page.wait_for_selector("#today-result")
    assert "112.5 kg" in page.inner_text("#today-result")  # 80 % of 140 kg, on plates
    shot(page, "plan")


def test_log_in_on_postgresql(page, live_server_pg, h) -> None:
    h.browser_login(page, live_server_pg.url, "coach_blue")
    page.wait_for_url(live_server_pg.url + "/squad")
    text = page.inner_text("main")
    assert "Cy" in text and "Ada" not in text
