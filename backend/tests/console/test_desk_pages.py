"""The desk's look-up pages: search, a return, a customer. Shells for the desk; the warehouse is told whom to ask."""

from __future__ import annotations

import pytest

from .conftest import csrf_meta, sign_in

PAGES = ["/console/search?q=A1001", "/console/returns/RMA-MVBT-J5SF-GT37", "/console/customers/dev@example.com"]


@pytest.mark.parametrize("path", PAGES)
def test_signed_out_visitors_are_sent_to_the_login_form_and_back(browser, path):
    answer = browser.get(path)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/console/login?next=%2Fconsole%2F")


@pytest.mark.parametrize("path", PAGES)
def test_each_page_renders_for_an_agent_without_inline_script(browser, alice, path):
    sign_in(browser, "alice")
    answer = browser.get(path)
    assert answer.status_code == 200, answer.text
    assert len(csrf_meta(answer.text)) >= 32
    assert answer.headers["x-frame-options"] == "DENY"
    assert "<script>" not in answer.text
    assert 'href="/console/search" aria-current="page"' in answer.text


@pytest.mark.parametrize("path", PAGES)
def test_the_warehouse_is_told_the_pages_are_the_desks(browser, wim, path):
    sign_in(browser, "wim")
    answer = browser.get(path)
    assert answer.status_code == 403
    assert "customer care team" in answer.text


def test_the_return_page_names_its_return_and_the_search_keeps_the_query(browser, alice):
    sign_in(browser, "alice")
    assert 'data-rma="RMA-MVBT-J5SF-GT37"' in browser.get("/console/returns/rma-mvbt-j5sf-gt37").text
    assert 'value="A1001"' in browser.get("/console/search?q=A1001").text


def test_new_return_is_still_the_new_return_form(browser, alice):
    sign_in(browser, "alice")
    assert 'data-testid="find-order-form"' in browser.get("/console/returns/new").text


def test_a_malformed_rma_in_the_path_is_a_422(browser, alice):
    sign_in(browser, "alice")
    answer = browser.get("/console/returns/%3Cscript%3E")
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_an_agent_is_offered_the_money_and_exchange_forms_of_her_authority(browser, alice):
    sign_in(browser, "alice")
    page = browser.get("/console/returns/RMA-MVBT-J5SF-GT37").text
    for form in ("decide-form", "refund-form", "keep-item-form", "store-credit-form", "exchange-form"):
        assert f'data-testid="{form}"' in page
