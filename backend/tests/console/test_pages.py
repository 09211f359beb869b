"""Console pages: shells that render for a signed-in user, and send everyone else to the login form."""

from __future__ import annotations

import pytest
from markupsafe import escape

from returndesk.policy.reasons import REASON_CODES
from returndesk.policy.rules import RESOLUTION_KINDS
from returndesk.vocabulary.words import title

from .conftest import csrf_meta, sign_in

PAGES = ["/console", "/console/cases/E7KQ2M", "/console/approvals", "/console/returns/new", "/console/mail"]


@pytest.mark.parametrize("path", PAGES)
def test_signed_out_visitors_are_sent_to_the_login_form(browser, path):
    answer = browser.get(path)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/console/login?next=%2Fconsole")


@pytest.mark.parametrize("path", PAGES)
def test_each_page_renders_with_the_user_and_the_csrf_token(browser, alice, path):
    sign_in(browser, "alice")
    answer = browser.get(path)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert len(csrf_meta(answer.text)) >= 32
    assert "Alice" in answer.text and ">agent<" in answer.text
    # Never cached, never framed, scripts from the service only.
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert "<script>" not in answer.text  # no inline script: the CSP would block it


def test_the_case_page_names_its_case_and_links_the_csv(browser, alice):
    sign_in(browser, "alice")
    page = browser.get("/console/cases/e7kq2m").text
    assert 'data-reference="E7KQ2M"' in page
    assert 'href="/api/v1/cases/E7KQ2M/timeline.csv"' in page


def test_a_malformed_case_reference_is_refused_with_a_sentence(browser, alice):
    sign_in(browser, "alice")
    answer = browser.get("/console/cases/%3Cscript%3E")
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_the_case_page_offers_only_the_actions_the_role_has(browser, alice, wim):
    sign_in(browser, "alice")
    agent_page = browser.get("/console/cases/E7KQ2M").text
    assert 'data-testid="money-form"' in agent_page and 'data-testid="return-decision-form"' in agent_page
    browser.cookies.clear()
    sign_in(browser, "wim")
    warehouse_page = browser.get("/console/cases/E7KQ2M").text
    assert 'data-testid="money-form"' not in warehouse_page
    assert 'data-testid="return-decision-form"' not in warehouse_page
    assert 'data-testid="note-form"' in warehouse_page


def test_the_warehouse_case_page_hides_the_chat_and_the_timeline(browser, alice, wim):
    sign_in(browser, "alice")
    agent_page = browser.get("/console/cases/E7KQ2M").text
    assert 'data-desk="true"' in agent_page and 'data-testid="desk-only"' not in agent_page
    assert 'data-testid="chat">' in agent_page and 'data-testid="timeline-section">' in agent_page
    browser.cookies.clear()
    sign_in(browser, "wim")
    warehouse_page = browser.get("/console/cases/E7KQ2M").text
    assert 'data-desk="false"' in warehouse_page and 'data-testid="desk-only"' in warehouse_page
    assert 'data-testid="chat" hidden>' in warehouse_page and 'data-testid="timeline-section" hidden>' in warehouse_page


def test_the_new_return_form_lists_every_reason_and_resolution_by_its_title(browser, alice):
    sign_in(browser, "alice")
    page = browser.get("/console/returns/new").text
    # The titles are the vocabulary's (what the customer picks from in the chat), not the code's words.
    for code in REASON_CODES:
        assert f'<option value="{code}">{escape(title("en", "reason", code))}</option>' in page
    for code in RESOLUTION_KINDS:
        assert f'<option value="{code}">{escape(title("en", "resolution", code))}</option>' in page


@pytest.mark.parametrize(
    "name", ["console.css", "console.js", "queue.js", "case.js", "case_chat.js", "case_actions.js", "new_return.js"]
)
def test_the_static_files_are_served(browser, name):
    answer = browser.get(f"/console/static/{name}")
    assert answer.status_code == 200 and len(answer.content) > 500


def test_an_api_change_from_the_console_without_the_token_is_refused(browser, alice):
    sign_in(browser, "alice")
    page = browser.get("/console").text
    refused = browser.delete("/api/v1/staff/sessions/current")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    allowed = browser.delete("/api/v1/staff/sessions/current", headers={"X-CSRF-Token": csrf_meta(page)})
    assert allowed.status_code == 204


def test_outbox_mail_is_in_the_desk_s_menu_and_not_the_warehouse_s(browser, alice, wim):
    sign_in(browser, "alice")
    assert 'href="/console/mail"' in browser.get("/console").text
    assert browser.get("/console/mail").status_code == 200
    browser.cookies.clear()
    sign_in(browser, "wim")
    assert 'href="/console/mail"' not in browser.get("/console").text
    refused = browser.get("/console/mail")
    assert refused.status_code == 403 and "customer-care desk" in refused.text
