"""Every shipped policy speaks English and Chinese alike: no text in one language and not the other."""

from __future__ import annotations

import re

import pytest

from returndesk.policy import Policy, load_policy
from returndesk.policy.public import public_dict, summary_sections
from returndesk.policy.texts import BUILTIN, SECTIONS, Texts, placeholders_in

from .policy_factories import POLICY_DIR

POLICY_FILES = sorted(POLICY_DIR.glob("*.yml"))
CHINESE = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def effective_texts(policy: Policy, locale: str) -> dict[tuple[str, str], str]:
    """What a reader of `locale` can be shown without falling back: the file's words, then the built-ins."""
    own = policy.texts.by_locale.get(locale, {})
    texts = {}
    for section in SECTIONS:
        merged = dict(BUILTIN.get(locale, {}).get(section, {})) | dict(own.get(section, {}))
        texts |= {(section, key): text for key, text in merged.items()}
    return texts


@pytest.fixture(scope="module", params=POLICY_FILES, ids=lambda path: path.name)
def policy(request) -> Policy:
    return load_policy(request.param)


def test_every_shipped_policy_has_english_and_chinese(policy):
    assert set(policy.locales) == {"en", "zh"}


def test_no_text_in_one_language_and_not_the_other(policy):
    en, zh = effective_texts(policy, "en"), effective_texts(policy, "zh")
    assert sorted(set(en) - set(zh)) == [], "English only"
    assert sorted(set(zh) - set(en)) == [], "Chinese only"


def test_both_languages_fill_the_same_placeholders(policy):
    en, zh = effective_texts(policy, "en"), effective_texts(policy, "zh")
    differing = {key: (en[key], zh[key]) for key in en if placeholders_in(en[key]) != placeholders_in(zh[key])}
    assert differing == {}


def test_the_built_in_texts_exist_in_both_languages():
    for section in BUILTIN["en"].keys() | BUILTIN["zh"].keys():
        en, zh = BUILTIN["en"].get(section, {}), BUILTIN["zh"].get(section, {})
        assert en.keys() == zh.keys(), section
        assert all(placeholders_in(en[key]) == placeholders_in(zh[key]) for key in en), section


@pytest.mark.parametrize("locale", ["zh", "zh-CN"])
def test_the_public_document_is_chinese_throughout(policy, locale):
    public = public_dict(policy, locale)
    assert public["locale"] == "zh"
    texts = [text for text in _texts_in(public) if text]
    assert texts and [t for t in texts if not CHINESE.search(t)] == []
    for heading, lines in summary_sections(policy, locale):
        for text in (heading, *lines):
            # Amounts keep their currency code ("4.95 EUR"); no English words besides.
            assert CHINESE.search(text), text
            assert [w for w in LATIN_WORD.findall(text) if w not in {"EUR", "USD", "CNY"}] == [], text


def test_english_stays_english(policy):
    texts = [text for text in _texts_in(public_dict(policy, "en")) if text]
    assert [t for t in texts if CHINESE.search(t)] == []


def _texts_in(node) -> list[str]:
    """Every customer-facing sentence of the public document: `text`, `question`, `*_text` values."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and (key in {"text", "question"} or key.endswith("_text")):
                found.append(value)
            else:
                found.extend(_texts_in(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_texts_in(item))
    return found


def test_get_policy_answers_in_chinese(api):
    for locale in ("zh", "zh-CN"):
        body = api.get("/policy", params={"locale": locale}).json()
        assert body["locale"] == "zh"
        assert body["windows"]["standard"]["text"] == "您可以在收货后30天内退货。"
        assert body["sections"][0]["heading"] == "退货期限"
    assert api.get("/policy", params={"locale": "en"}).json()["sections"][0]["heading"] == "Return windows"


def test_the_public_page_in_chinese_is_chinese_throughout(policy):
    from returndesk.policy.page import render_policy_page

    page = render_policy_page(policy, "zh-CN")
    assert '<html lang="zh">' in page and "退货政策 · 版本" in page
    shown = re.sub(r"<[^>]+>", " ", page.split("</head>")[1]).replace(policy.version, "")
    english = {w for w in LATIN_WORD.findall(shown) if w not in {"EUR", "USD", "CNY", "en", "zh"}}
    # The shop's own name and the version are the shop's words; nothing else is English.
    assert english <= set(LATIN_WORD.findall(policy.name)), english


def english_only_rules(texts: Texts) -> list[str]:
    """Rule ids whose explanation a Chinese reader would get in English: every rule the engine can
    fire has English words (the loader refuses a file otherwise), so these are the gaps."""
    worded = set(texts.by_locale.get("en", {}).get("rules", {})) | set(BUILTIN["en"]["rules"])
    return sorted(rule_id for rule_id in worded if texts.source_locale("zh", "rules", rule_id) != "zh")


def test_every_explanation_rule_is_worded_in_both_languages(policy):
    assert english_only_rules(policy.texts) == []


def test_a_rule_worded_only_in_english_is_found():
    texts = Texts.build(
        "en",
        {
            "en": {"rules": {"window.standard": "Within {period}.", "fee.opened": "A fee applies."}},
            "zh": {"rules": {"window.standard": "{period}内。"}},
        },
    )
    assert english_only_rules(texts) == ["fee.opened"]
