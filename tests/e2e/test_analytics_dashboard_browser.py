"""The analytics dashboard in Chromium against the real service alone (no Rasa).

The service's database holds months of demo history from the analytics generator (with its four
planted anomalies); a supervisor reads it on /console/analytics and every number on the page is
checked against what the analytics API answers for the same filter.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from ..browser import DESKTOP, PHONE
from ..stack import (
    BACKEND,
    CHAT_SECRET,
    SERVICE_PYTHON,
    SHOP_CONTEXT_SECRET,
    SHOP_TOKEN,
    _stop,
    free_port,
    start_service,
)

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "var" / "test-artifacts"
DEMO_PASSWORD = "returndesk-demo"
ORDERS, SEED = 3000, 7
# What the generator plants (see backend/tools/generate/profile.py) and who must hear of it.
PLANTED = {
    "sku_return_rate_above_category": "product",
    "not_as_described_rising": "marketing",
    "size_reasons_dominate_category": "operations",
    "transit_damage_concentrated": "logistics",
    "abnormal_customer_returns": "risk",
}
EMPTY_RANGE = ("2020-01-01", "2020-01-31")  # years before the generated history
# A few assistant chats (the generator makes none), as Rasa's broker publishes them: two get an RMA,
# one falls back and stops at the order number, one is taken over by an agent mid-form.
FORM = [("user", "start_return"), ("action", "action_start_return"), ("active_loop", "return_form")]
STEP = ("slot", "requested_slot", "order_number")
RATE = ("user", "rate")
CHATS = {
    "e2e-chat-1": [
        *FORM,
        STEP,
        ("user", "inform"),
        ("slot", "requested_slot", "reason"),
        ("user", "inform"),
        ("action", "action_submit_return"),
        ("slot", "rma_number", "RMA-E2E-1"),
        RATE,
        ("slot", "chat_score", "5"),
    ],
    "e2e-chat-2": [
        *FORM,
        STEP,
        ("user", "inform"),
        ("action", "action_submit_return"),
        ("slot", "rma_number", "RMA-E2E-2"),
        RATE,
        ("slot", "chat_score", "4"),
    ],
    "e2e-chat-3": [
        ("user", "nlu_fallback"),
        ("action", "action_default_fallback"),
        *FORM,
        STEP,
        RATE,
        ("slot", "chat_score", "2"),
    ],
    "e2e-chat-4": [*FORM, ("slot", "requested_slot", "reason"), ("pause",)],
}
# Stored with the service's own ingest code, as the consumer does.
INGEST = (
    "import json, sys\n"
    "from returndesk.analytics.conversations.ingest import store\n"
    "from returndesk.db import get_sessionmaker\n"
    "with get_sessionmaker()() as session:\n"
    "    print(store(session, json.load(sys.stdin)))\n"
    "    session.commit()\n"
)


def rasa_events(start: float) -> list[dict]:
    """CHATS as Rasa tracker events, a second apart, two days before `start` (in the default range)."""
    events, stamp = [], start - 2 * 86400
    for sender, steps in CHATS.items():
        for kind, *args in steps:
            stamp += 1
            event = {"sender_id": sender, "event": kind, "timestamp": stamp}
            if kind == "user":
                event.update(text="…", parse_data={"intent": {"name": args[0]}})
            elif kind == "slot":
                event.update(name=args[0], value=args[1])
            elif args:
                event["name"] = args[0]
            events.append(event)
    return events


@pytest.fixture(scope="module")
def service_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="returndesk-analytics-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'service.sqlite3'}"
        env = {
            **os.environ,
            "RETURNDESK_ENVIRONMENT": "test",
            "RETURNDESK_DATABASE_URL": database_url,
            "RETURNDESK_SHOP_API_TOKEN": SHOP_TOKEN,
            "RETURNDESK_CHAT_SECRET": CHAT_SECRET,
            "RETURNDESK_SHOP_CONTEXT_SECRET": SHOP_CONTEXT_SECRET,
            "RETURNDESK_EVIDENCE_DIR": str(Path(folder) / "evidence"),
        }
        # History first, with this test's size and seed; the demo seed then adds the shop and the
        # console users and leaves generated history it finds as it is.
        for module in (
            ["alembic", "upgrade", "head"],
            ["tools.generate", "--orders", str(ORDERS), "--seed", str(SEED)],
            ["returndesk.demo.seed"],
        ):
            done = subprocess.run(
                [str(SERVICE_PYTHON), "-m", *module], cwd=BACKEND, env=env, capture_output=True, text=True, timeout=600
            )
            assert done.returncode == 0, done.stdout + done.stderr
        chats = json.dumps(rasa_events(time.time()))
        done = subprocess.run(
            [str(SERVICE_PYTHON), "-c", INGEST], input=chats, cwd=BACKEND, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0 and done.stdout.strip() == str(len(json.loads(chats))), done.stdout + done.stderr
        port = free_port()
        process = start_service(Path(folder), env, port, seed=False)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            _stop(process)


def api_as(service_url: str, username: str) -> requests.Session:
    """The analytics API as the console's user sees it (same session cookie)."""
    api = requests.Session()
    answer = api.post(
        f"{service_url}/api/v1/staff/sessions", json={"username": username, "password": DEMO_PASSWORD}, timeout=10
    )
    assert answer.status_code in (200, 201), answer.text
    return api


def get(api: requests.Session, service_url: str, path: str, **params: str) -> dict:
    answer = api.get(f"{service_url}/api/v1/analytics/{path}", params=params, timeout=60)
    assert answer.status_code == 200, answer.text
    return answer.json()


def percent(rate: float) -> str:
    """As the page shows a rate: 0.1235 -> "12.4 %" (half up on basis points, like analytics_charts.js)."""
    tenths = (round(rate * 10000) + 5) // 10
    return f"{tenths // 10}.{tenths % 10} %"


def sign_in(page: Page, service_url: str, username: str, path: str = "/console/analytics") -> None:
    page.goto(f"{service_url}{path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def expect_tiles(page: Page, summary: dict) -> None:
    rates, currency = summary["return_rate"], summary["currency"]
    expect(page.get_by_test_id("kpi-unit-rate-value")).to_have_text(percent(rates["units"]))
    expect(page.get_by_test_id("kpi-order-rate-value")).to_have_text(percent(rates["orders"]))
    expect(page.get_by_test_id("kpi-revenue-rate-value")).to_have_text(percent(rates["revenue"]))
    sla, costs = summary["refund_sla"], summary["costs"]
    on_time = percent(sla["compliance"]) if sla["refunds"] else "—"
    expect(page.get_by_test_id("kpi-refund-sla-value")).to_have_text(on_time)
    expect(page.get_by_test_id("kpi-cost-value")).to_have_text(f"{costs['total']} {currency}")
    expect(page.get_by_test_id("kpi-avoided-value")).to_have_text(f"{costs['avoided_by_keep_item']} {currency}")


def number(value: float | None) -> str:
    """As the page shows turns and ratings: JavaScript's String(2.5) is "2.5", of 3.0 "3"."""
    return "—" if value is None else f"{value:g}"


def expect_conversation_tiles(page: Page, chats: dict) -> None:
    turns, rating = chats["turns_to_rma"], chats["satisfaction"]
    expect(page.get_by_test_id("kpi-conversations-value")).to_have_text(str(chats["conversations"]))
    expect(page.get_by_test_id("kpi-containment-value")).to_have_text(percent(chats["containment"]))
    expect(page.get_by_test_id("kpi-handoff-value")).to_have_text(percent(chats["handoff_rate"]))
    expect(page.get_by_test_id("kpi-fallback-value")).to_have_text(percent(chats["fallback_rate"]))
    expect(page.get_by_test_id("kpi-turns-to-rma-value")).to_have_text(
        f"{number(turns['p50'])} / {number(turns['p90'])}"
    )
    expect(page.get_by_test_id("kpi-rating-value")).to_have_text(f"{number(rating['average'])} / 5")
    expect(page.get_by_test_id("kpi-rating")).to_contain_text(f"{rating['responses']} responses")


def test_a_supervisor_sees_the_apis_numbers_charts_and_the_planted_findings(service_url: str, browser: Browser):
    api = api_as(service_url, "sofia")
    summary = get(api, service_url, "summary")
    months = get(api, service_url, "return-rates", by="month")["rows"]
    categories = get(api, service_url, "return-rates", by="category")["rows"]
    skus = get(api, service_url, "return-rates", by="sku")["rows"]
    reasons = get(api, service_url, "reasons")
    findings = get(api, service_url, "insights")["findings"]
    chats = get(api, service_url, "conversations")
    names = get(api, service_url, "names")
    assert chats["conversations"] == len(CHATS) and chats["turns_to_rma"]["count"] == 2, chats
    assert summary["return_rate"]["units_returned"] > 0 and len(months) >= 3, "the generator made no history"

    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        sign_in(page, service_url, "sofia")
        expect(page.get_by_role("heading", name="Return analytics")).to_be_visible()
        expect(page.get_by_role("link", name="Analytics")).to_have_attribute("aria-current", "page")
        expect_tiles(page, summary)
        expect(page.get_by_test_id("analytics-empty")).to_be_hidden()

        # Charts: one point per month, one bar per reason, a line per top reason, a sparkline per row.
        expect(page.locator('[data-testid="trend-chart"] circle.point')).to_have_count(len(months))
        expect(page.locator('[data-testid="reasons-chart"] rect.bar')).to_have_count(len(reasons["total"]))
        top_reasons = min(5, len(reasons["total"]))
        expect(page.locator('[data-testid="reason-trend-chart"] polyline.series')).to_have_count(top_reasons)
        expect(page.get_by_test_id("category-row")).to_have_count(len(categories))
        expect(page.get_by_test_id("sku-row")).to_have_count(min(20, len(skus)))
        expect(page.locator('[data-testid="sku-table"] svg.sparkline')).to_have_count(min(20, len(skus)))
        top = skus[0]
        expect(page.get_by_test_id("sku-row").first).to_contain_text(top["key"])
        expect(page.get_by_test_id("sku-unit-rate").first).to_have_text(percent(top["unit_rate"]))
        trend_label = page.get_by_test_id("trend-chart").get_attribute("aria-label") or ""
        assert percent(months[-1]["unit_rate"]) in trend_label  # numbers in text too
        expect(page.get_by_test_id("cycle-row")).to_have_count(len(summary["cycle_times"]))
        expect(page.locator('[data-testid="costs-chart"] rect.bar')).to_have_count(7)

        # Conversations: the API's figures, a bar per rating, where unfinished returns stopped.
        expect_conversation_tiles(page, chats)
        expect(page.locator('[data-testid="rating-chart"] rect.bar')).to_have_count(5)
        rating_label = page.get_by_test_id("rating-chart").get_attribute("aria-label") or ""
        assert f"5 stars {chats['satisfaction']['distribution']['5']}" in rating_label
        rows = page.get_by_test_id("abandonment-row")
        expect(rows).to_have_count(len(chats["abandonment"]))
        for row, stop in zip(rows.all(), chats["abandonment"], strict=True):
            expect(row).to_have_text(f"{names['step'][stop['step']]}{stop['conversations']}")

        # Findings: every planted anomaly, under the team that owns it, with the returns behind it.
        assert PLANTED.keys() <= {f["rule"] for f in findings}, [f["rule"] for f in findings]
        expect(page.get_by_test_id("finding")).to_have_count(len(findings))
        for finding in findings:
            team = page.get_by_test_id(f"team-{finding['owner']}")
            expect(team.get_by_role("heading", name=finding["title"])).to_be_visible()
        for rule, owner in PLANTED.items():
            expect(page.get_by_test_id(f"team-{owner}").locator(f'[data-rule="{rule}"]').first).to_be_visible()
        with_returns = next(f for f in findings if f["returns"])
        card = page.locator(f'[data-rule="{with_returns["rule"]}"]').first
        card.get_by_text(f"{len(with_returns['returns'])} return", exact=False).click()
        expect(card.get_by_test_id("finding-returns")).to_be_visible()
        expect(card.get_by_test_id("finding-returns")).to_contain_text(with_returns["returns"][0])

        # Names, never codes: reasons, categories, steps, rules, teams, stages (analytics/names.py).
        expect(page.locator('[data-testid="reasons-chart"] text.axis').first).to_have_text(
            names["reason"][reasons["total"][0]["reason"]]
        )
        expect(page.get_by_test_id("category-row").first.locator("th")).to_have_text(
            names["category"][categories[0]["key"]]
        )
        for owner in {f["owner"] for f in findings}:
            expect(page.get_by_test_id(f"team-{owner}").get_by_role("heading", level=3)).to_contain_text(
                names["team"][owner]
            )
        shown = page.locator("main").inner_text()
        for finding in findings:  # the findings' own English sentences may say "damaged in transit"
            for prose in (finding["title"], finding["detail"], finding["suggested_action"]):
                shown = shown.replace(prose, "")
        codes = {r["reason"] for r in reasons["total"]} | {f["rule"] for f in findings}
        codes |= {c["key"] for c in categories} | {s["step"] for s in chats["abandonment"]}
        codes |= {s["stage"] for s in summary["cycle_times"]}
        raw = sorted(code for code in codes if "_" in code and (code in shown or code.replace("_", " ") in shown))
        assert raw == [], f"codes shown as they are: {raw}"

        # The current month is not over (and the 90 days start inside the first one): each such month is
        # marked partial (dashed, hollow, labelled), not drawn as a drop.
        partial = [m["partial"] for m in months]
        assert partial[-1] and not any(partial[1:-1]), months
        steps = sum(1 for i in range(1, len(partial)) if partial[i] or partial[i - 1])
        trend = page.get_by_test_id("trend")
        expect(trend.get_by_test_id("partial-label")).to_have_text(["(partial)"] * sum(partial))
        expect(trend.locator("circle.point.partial")).to_have_count(sum(partial))
        expect(trend.locator("line.partial-segment")).to_have_count(steps)
        expect(trend.get_by_test_id("partial-note")).to_be_visible()
        assert f"{months[-1]['key']} (partial) {percent(months[-1]['unit_rate'])}" in trend_label
        expect(page.get_by_test_id("reason-trend").get_by_test_id("partial-label")).to_have_count(
            sum(m["partial"] for m in reasons["by_month"])
        )

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "analytics-dashboard.png"), full_page=True)

        # Readable on a phone: nothing but the tables' own scroll boxes is wider than the screen.
        page.set_viewport_size(PHONE)
        wider = page.evaluate("() => document.documentElement.scrollWidth")
        assert wider <= PHONE["width"], f"the page is {wider} px wide on a {PHONE['width']} px screen"
        page.screenshot(path=str(ARTIFACTS / "analytics-dashboard-phone.png"), full_page=True)
    finally:
        context.close()


def test_a_filter_change_goes_into_the_url_and_reloads_the_numbers(service_url: str, browser: Browser):
    api = api_as(service_url, "sofia")
    everything = get(api, service_url, "summary")
    shoes = get(api, service_url, "summary", category="shoes")
    assert shoes["return_rate"]["units_sold"] < everything["return_rate"]["units_sold"]

    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        sign_in(page, service_url, "ada")  # an admin reads it as well
        expect_tiles(page, everything)
        page.get_by_label("Category", exact=True).select_option("shoes")
        expect(page).to_have_url(
            f"{service_url}/console/analytics?from={everything['range']['from']}"
            f"&to={everything['range']['to']}&category=shoes"
        )
        expect_tiles(page, shoes)
        expect(page.get_by_test_id("category-row")).to_have_count(1)
        # The chats are not per category: the same figures, and the section says why.
        expect(page.get_by_test_id("kpi-conversations-value")).to_have_text(str(len(CHATS)))
        expect(page.locator("[data-conversations-scope]")).to_contain_text("chats are not per category")

        # The export carries the filter and downloads a CSV with its header row.
        link = page.get_by_role("link", name="Return rate by SKU (CSV)")
        expect(link).to_have_attribute("href", re.compile(r"category=shoes"))
        query = parse_qs(urlparse(link.get_attribute("href") or "").query)
        assert query == {
            "from": [everything["range"]["from"]],
            "to": [everything["range"]["to"]],
            "category": ["shoes"],
            "by": ["sku"],
            "format": ["csv"],
        }
        with page.expect_download() as download_info:
            link.click()
        header, *rows = csv.reader(io.StringIO(Path(download_info.value.path()).read_text()))
        assert header[:3] == ["key", "label", "category"]
        assert rows and all(row[2] == "shoes" for row in rows)

        # The chats' export: the dates but not the category, and the figures the tiles show.
        chats_link = page.get_by_test_id("conversations-csv-link")
        chats_query = parse_qs(urlparse(chats_link.get_attribute("href") or "").query)
        assert chats_query == {
            "from": [everything["range"]["from"]],
            "to": [everything["range"]["to"]],
            "format": ["csv"],
        }
        with page.expect_download() as download_info:
            chats_link.click()
        header, *rows = csv.reader(io.StringIO(Path(download_info.value.path()).read_text()))
        assert header == ["section", "name", "value"]
        assert ["summary", "conversations", str(len(CHATS))] in rows, rows

        # A range without orders says so instead of showing NaN.
        page.get_by_label("Orders placed from").fill(EMPTY_RANGE[0])
        page.get_by_label("to (inclusive)").fill(EMPTY_RANGE[1])
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_test_id("analytics-empty")).to_have_text("No returns in this range.")
        expect(page).to_have_url(re.compile(re.escape(f"from={EMPTY_RANGE[0]}&to={EMPTY_RANGE[1]}")))
        expect(page.get_by_test_id("kpi-unit-rate-value")).to_have_text("0.0 %")
        expect(page.get_by_test_id("conversations")).to_have_text("No conversations in this range.")
        assert "NaN" not in page.locator("main").inner_text()

        # A range the API refuses: its sentence, and no figures from the previous range.
        page.get_by_label("Orders placed from").fill("2020-02-01")
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_test_id("analytics-status")).to_contain_text("is after 'to'")
        expect(page.get_by_test_id("kpi-unit-rate")).to_have_count(0)
        expect(page.get_by_test_id("conversations")).to_contain_text("is after 'to'")

        page.go_back()  # the browser's history holds the filters too
        # The empty range's figures drawn again (the refused range had none), before going back further.
        expect(page.get_by_test_id("kpi-unit-rate-value")).to_have_text("0.0 %")
        expect(page.get_by_test_id("analytics-empty")).to_be_visible()
        page.go_back()
        expect_tiles(page, shoes)
    finally:
        context.close()


def test_an_agent_is_refused_the_page_and_the_data(service_url: str, browser: Browser):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        sign_in(page, service_url, "alice")
        expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
        expect(page.get_by_role("link", name="Analytics")).to_have_count(0)
        assert page.evaluate("() => fetch('/api/v1/analytics/summary').then(r => r.status)") == 403
    finally:
        context.close()
