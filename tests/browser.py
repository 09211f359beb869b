"""Driving the chat widget in Debian's Chromium with Playwright: fixtures and reusable steps.

Playwright's own browser download is not used (and does not work on these machines): `make
chromium` installs Debian's package and Playwright drives that binary.

Every wait is for something the page shows, never for time: a turn is over when the widget's
panel counts it done (the channel's `bot_turn_done`, after the turn's last answer), and the
timeouts are generous because a loaded machine is slow, not because anything is expected to
take that long. `make test-under-load` runs the browser suites with every core busy.

    from tests.browser import browser, page, open_widget, send_and_wait, click_button  # noqa: F401
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
CHROMIUM = os.environ.get("RETURNDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
ANSWER_TIMEOUT_MS = 60_000  # the first message of a conversation may wait for Rasa's model warm-up
# Playwright's 5 s default for expect() is short for a page on a machine with every core busy
# (the warehouse station once failed that way); what is awaited is still the page's state.
EXPECT_TIMEOUT_MS = 20_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make chromium` (Debian's package)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser profile (empty localStorage) at desktop size."""
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def open_widget(page: Page) -> None:
    """Open the chat panel if it is closed; the focus goes to the message box."""
    panel = page.get_by_test_id("rd-panel")
    if not panel.is_visible():
        page.get_by_test_id("rd-launcher").click()
    expect(panel).to_be_visible()


def _message_texts(page: Page, who: str) -> list[str]:
    # The bubble's text only: each message also carries a hidden "You:"/"Assistant:" for screen readers.
    return page.eval_on_selector_all(
        f'[data-testid="rd-message-{who}"]',
        "items => items.map(item => ((item.querySelector('.rd-bubble') || {}).innerText || '').trim())",
    )


def bot_messages(page: Page) -> list[str]:
    """The text of every bot message shown (an image-only message is "")."""
    return _message_texts(page, "bot")


def user_messages(page: Page) -> list[str]:
    return _message_texts(page, "user")


@dataclass(frozen=True)
class Mark:
    """Where the chat stood before a turn: how many turns were done and bot messages shown."""

    turns_done: int
    bot_messages: int


def mark(page: Page) -> Mark:
    panel = page.get_by_test_id("rd-panel")
    return Mark(int(panel.get_attribute("data-turns-done") or 0), page.get_by_test_id("rd-message-bot").count())


# True once the widget counted a turn after `since` done and none it sent is still unanswered.
TURN_DONE = """since => {
  const panel = document.querySelector('[data-testid="rd-panel"]');
  return Number(panel.dataset.turnsDone) > since && panel.dataset.turnsPending === "0";
}"""


def wait_for_turn(page: Page, since: Mark) -> list[str]:
    """Wait until the turns sent after `since` are done (every answer shown); returns the new answers."""
    try:
        page.wait_for_function(TURN_DONE, arg=since.turns_done, timeout=ANSWER_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        panel = page.get_by_test_id("rd-panel")
        state = {name: panel.get_attribute(f"data-turns-{name}") for name in ("done", "pending")}
        raise AssertionError(
            f"the turn did not end within {ANSWER_TIMEOUT_MS // 1000} s (turns {state}); shown: {bot_messages(page)}"
        ) from None
    return bot_messages(page)[since.bot_messages :]


def send(page: Page, text: str) -> None:
    """Type a message and press Enter, as a customer does."""
    box = page.get_by_test_id("rd-input")
    box.fill(text)
    box.press("Enter")


def send_and_wait(page: Page, text: str) -> list[str]:
    """Send a message; returns the bot's answers to it."""
    since = mark(page)
    send(page, text)
    return wait_for_turn(page, since)


def buttons(page: Page) -> list[str]:
    """Titles of the buttons that can still be pressed."""
    return [b.inner_text().strip() for b in page.get_by_test_id("rd-button").all() if b.is_enabled()]


def click_button(page: Page, title: str) -> list[str]:
    """Press the enabled button whose title contains `title` (case-insensitive); returns the answers."""
    candidates = [b for b in page.get_by_test_id("rd-button").all() if b.is_enabled()]
    for button in reversed(candidates):  # the latest question's buttons first
        if title.lower() in button.inner_text().lower():
            since = mark(page)
            button.click()
            return wait_for_turn(page, since)
    raise AssertionError(f"no button like {title!r}; the buttons are {buttons(page)}")


def stored_session(page: Page) -> dict:
    """The chat session the widget keeps in localStorage (conversation_id, token, expires_at)."""
    stored = page.evaluate(
        "() => { for (const k of Object.keys(localStorage)) if (k.startsWith('returndesk.chat.v1:'))"
        " return JSON.parse(localStorage.getItem(k)); return null; }"
    )
    assert stored and stored.get("session"), "the widget stored no chat session"
    return stored["session"]


def screenshot(page: Page, name: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    page.screenshot(path=str(path))
    return path
