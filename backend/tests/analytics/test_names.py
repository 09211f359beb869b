"""Names for every code the dashboard shows, in English and Chinese (analytics/names.py), and
GET /analytics/names, which the page reads them from."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest
import yaml

from returndesk.analytics.conversations.metrics import NO_QUESTION_YET
from returndesk.analytics.cycle_times import STAGES
from returndesk.analytics.insights.findings import Owner, SubjectKind
from returndesk.analytics.insights.run import RULES
from returndesk.analytics.names import CATALOGUE, KINDS, names
from returndesk.policy import load_policy
from returndesk.policy.reasons import REASON_CODES

from .metrics_data import RANGE, reference_history

BACKEND = Path(__file__).resolve().parents[2]
DOMAIN = BACKEND.parent / "domain.yml"


def _form_steps() -> set[str]:
    forms = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["forms"]
    return {slot for form in forms.values() for slot in form["required_slots"]}


@pytest.mark.parametrize(
    ("kind", "codes"),
    [
        pytest.param("step", _form_steps() | {NO_QUESTION_YET}, id="every-question-of-the-forms"),
        pytest.param("rule", {rule.RULE for rule in RULES}, id="every-insight-rule"),
        pytest.param("subject", set(get_args(SubjectKind)), id="every-finding-subject"),
        pytest.param("team", set(get_args(Owner)), id="every-team"),
        pytest.param("stage", {stage for stage, _, _ in STAGES}, id="every-cycle-stage"),
    ],
)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_code_has_a_name_in_every_language(kind, codes, language):
    assert codes <= CATALOGUE[language][kind].keys()


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("policy", sorted((BACKEND / "policies").glob("*.yml")), ids=lambda path: path.stem)
def test_every_category_of_the_shipped_policies_has_a_name(language, policy):
    assert set(load_policy(policy).categories) <= CATALOGUE[language]["category"].keys()


def test_both_catalogues_name_the_same_codes():
    for kind in KINDS:
        assert CATALOGUE["en"][kind].keys() == CATALOGUE["zh"][kind].keys(), kind


def test_reasons_and_resolutions_are_the_vocabulary_s_titles():
    assert names("zh")["reason"]["size_too_small"] == "尺码偏小"
    assert names("en")["resolution"]["store_credit"] == "Store credit"
    assert set(names("en")["reason"]) == set(REASON_CODES)


def test_a_shop_s_own_category_reads_as_words():
    categories = names("en", ("garden_tools", "apparel"))["category"]
    assert (categories["garden_tools"], categories["apparel"]) == ("Garden tools", "Apparel")
    assert names("zh", ("apparel",))["category"]["apparel"] == "服装"


def test_names_in_the_reader_s_language(signed_in):
    analyst = signed_in("sue", "supervisor")
    english = analyst.get("/analytics/names").json()
    assert english["language"] == "en" and english["step"]["contact"] == "Email or phone"
    chinese = analyst.get("/analytics/names", params={"lang": "zh-CN"}).json()
    assert chinese["language"] == "zh" and chinese["team"]["logistics"] == "物流"
    by_header = analyst.get("/analytics/names", headers={"Accept-Language": "zh"}).json()
    assert by_header["language"] == "zh"
    assert analyst.get("/analytics/names", params={"lang": "x" * 36}).status_code == 422


def test_every_code_in_the_answers_the_page_reads_has_a_name(session, signed_in):
    """What the dashboard draws, from the reference history: no code is left to show as it is."""
    reference_history(session)
    analyst = signed_in("sue", "supervisor")
    named = analyst.get("/analytics/names").json()
    reasons = analyst.get("/analytics/reasons", params=RANGE).json()
    codes = {("reason", r["reason"]) for r in reasons["total"]}
    codes |= {("reason", code) for month in reasons["by_month"] for code in month["counts"]}
    categories = analyst.get("/analytics/return-rates", params=RANGE | {"by": "category"}).json()["rows"]
    codes |= {("category", row["key"]) for row in categories}
    skus = analyst.get("/analytics/return-rates", params=RANGE | {"by": "sku"}).json()["rows"]
    codes |= {("category", row["category"]) for row in skus}
    summary = analyst.get("/analytics/summary", params=RANGE).json()
    codes |= {("stage", stage["stage"]) for stage in summary["cycle_times"]}
    assert {("reason", "not_as_described"), ("category", "apparel"), ("stage", "receipt_to_refund")} <= codes
    missing = sorted((kind, code) for kind, code in codes if code not in named[kind])
    assert missing == []
