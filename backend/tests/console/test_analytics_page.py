"""The analytics page: for supervisors and admins, a "not allowed" page for other roles, login for strangers."""

from __future__ import annotations

import pytest

from returndesk.models import Product

from ..staff_helpers import make_staff
from .conftest import csrf_meta, sign_in

SCRIPTS = (
    "analytics.js",
    "analytics_charts.js",
    "analytics_sections.js",
    "analytics_findings.js",
    "analytics_conversations.js",
)


def add_products(session, *categories: str) -> None:
    for number, category in enumerate(categories):
        product = Product(sku=f"T-{number}", name=f"Thing {number}", category=category, price_minor=100, currency="EUR")
        session.add(product)
    session.commit()


def test_a_stranger_is_sent_to_the_login_form_and_back_with_the_filters(browser):
    answer = browser.get("/console/analytics?from=2026-09-01&category=shoes")
    assert answer.status_code == 303
    wanted = "%2Fconsole%2Fanalytics%3Ffrom%3D2026-09-01%26category%3Dshoes"
    assert answer.headers["location"] == f"/console/login?next={wanted}"


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_supervisors_and_admins_get_the_page_with_a_category_for_each_product_category(browser, session, role):
    make_staff(session, "reader", role, display_name="Reader")
    add_products(session, "shoes", "apparel", "shoes")
    sign_in(browser, "reader")
    answer = browser.get("/console/analytics")
    assert answer.status_code == 200, answer.text
    page = answer.text
    assert "<title>Analytics · ReturnDesk</title>" in page
    assert '<a href="/console/analytics" aria-current="page">Analytics</a>' in page
    assert page.count('<option value="shoes">') == 1 and '<option value="apparel">' in page
    assert len(csrf_meta(page)) >= 32
    assert 'data-testid="conversations"' in page and "Conversations with the assistant" in page
    assert "<script>" not in page  # the CSP allows scripts from files only
    for script in SCRIPTS:
        assert f'<script src="/console/static/{script}"></script>' in page
    assert answer.headers["content-security-policy"].startswith("default-src 'self'")


@pytest.mark.parametrize("role", ["agent", "senior_agent", "warehouse"])
def test_other_roles_get_the_not_allowed_page_and_no_link(browser, session, role):
    make_staff(session, "someone", role, display_name="Someone")
    sign_in(browser, "someone")
    refused = browser.get("/console/analytics")
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("text/html")
    assert "Not allowed" in refused.text and "supervisors and admins" in refused.text
    assert 'data-testid="kpis"' not in refused.text
    assert "/console/analytics" not in browser.get("/console").text


@pytest.mark.parametrize("name", SCRIPTS)
def test_the_analytics_scripts_are_served(browser, name):
    answer = browser.get(f"/console/static/{name}")
    assert answer.status_code == 200 and len(answer.content) > 500
