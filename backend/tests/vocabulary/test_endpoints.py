"""GET /vocabulary over HTTP: the codes the service accepts, titled per language, cacheable."""

from __future__ import annotations

import pytest

from returndesk.policy.reasons import REASON_CODES
from returndesk.policy.rules import RESOLUTION_KINDS


def titles(body: dict, kind: str) -> dict[str, str]:
    return {term["code"]: term["title"] for term in body[kind]}


def test_every_reason_and_resolution_the_service_accepts_in_english_by_default(api):
    answer = api.get("/vocabulary")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["language"] == "en" and body["languages"] == ["en", "zh"]
    assert [term["code"] for term in body["reasons"]] == list(REASON_CODES)
    assert [term["code"] for term in body["resolutions"]] == list(RESOLUTION_KINDS)
    assert titles(body, "reasons")["size_too_small"] == "Too small"
    assert titles(body, "resolutions")["store_credit"] == "Store credit"
    assert body["common_reasons"][:2] == ["size_too_small", "size_too_large"]


def test_the_words_for_reasons_in_free_text_are_the_language_s_in_their_order(api):
    english = api.get("/vocabulary").json()["reason_words"]
    chinese = api.get("/vocabulary", params={"lang": "zh"}).json()["reason_words"]
    # The order is the precedence: "arrived broken" is damage on the way before "broken" is a defect.
    first = ["wrong_item", "missing_parts", "damaged_in_transit", "defective"]
    assert [entry["code"] for entry in english][:4] == first
    assert "arrived broken" in english[2]["words"] and "broken" in english[3]["words"]
    assert {entry["code"] for entry in chinese} == {entry["code"] for entry in english}
    assert "other" not in {entry["code"] for entry in english}  # named by its title alone
    assert "摔坏" in next(entry["words"] for entry in chinese if entry["code"] == "damaged_in_transit")


@pytest.mark.parametrize(
    ("params", "headers", "language"),
    [
        pytest.param({"lang": "zh"}, {}, "zh", id="lang=zh"),
        pytest.param({"lang": "zh-CN"}, {}, "zh", id="lang=zh-CN"),
        pytest.param({}, {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}, "zh", id="Accept-Language zh-CN"),
        pytest.param({"lang": "en"}, {"Accept-Language": "zh-CN"}, "en", id="lang wins over the header"),
        pytest.param({"lang": "fr"}, {}, "en", id="unknown lang reads English"),
        pytest.param({}, {"Accept-Language": "de-DE, fr;q=0.5"}, "en", id="unknown header reads English"),
        pytest.param({"lang": "!!"}, {}, "en", id="no language at all reads English"),
    ],
)
def test_the_titles_are_in_the_language_asked_for(api, params, headers, language):
    answer = api.get("/vocabulary", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["language"] == language and answer.headers["content-language"] == language
    expected = {"en": "Too small", "zh": "尺码偏小"}[language]
    assert titles(body, "reasons")["size_too_small"] == expected


def test_it_is_public_and_cacheable_and_a_current_tag_gets_304(api):
    first = api.get("/vocabulary", params={"lang": "zh"})
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public, max-age=")
    assert "Accept-Language" in first.headers["vary"]

    again = api.get("/vocabulary", params={"lang": "zh"}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and again.headers["cache-control"] == first.headers["cache-control"]
    weak = api.get("/vocabulary", params={"lang": "zh"}, headers={"If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304


def test_another_language_or_a_stale_tag_gets_the_document(api):
    zh_tag = api.get("/vocabulary", params={"lang": "zh"}).headers["etag"]
    english = api.get("/vocabulary", headers={"If-None-Match": zh_tag})
    assert english.status_code == 200 and english.headers["etag"] != zh_tag
    stale = api.get("/vocabulary", params={"lang": "zh"}, headers={"If-None-Match": '"stale"'})
    assert stale.status_code == 200 and stale.json()["language"] == "zh"


def test_a_language_too_long_to_be_one_is_a_problem_that_says_so(api):
    answer = api.get("/vocabulary", params={"lang": "x" * 36})
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "lang" in answer.text
