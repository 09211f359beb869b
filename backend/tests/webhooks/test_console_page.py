"""The console's webhooks page: admins get it, everyone else a sentence saying who does."""

from __future__ import annotations

from ..console.conftest import browser, sign_in  # noqa: F401 - the fixture
from ..staff_helpers import make_staff


def test_an_admin_gets_the_page_and_an_agent_a_sentence(browser, session):  # noqa: F811 - the fixture
    make_staff(session, "ada", "admin")
    make_staff(session, "alice", "agent")
    sign_in(browser, "ada")
    page = browser.get("/console/webhooks")
    assert page.status_code == 200 and "<h1>Webhooks</h1>" in page.text
    assert "return.created" in page.text and "/console/static/webhooks.js" in page.text
    assert browser.get("/console/static/webhooks.js").status_code == 200

    browser.cookies.clear()
    sign_in(browser, "alice")
    refused = browser.get("/console/webhooks")
    assert refused.status_code == 403 and "Webhooks are managed by admins" in refused.text
    assert 'href="/console/webhooks"' not in refused.text
