"""The public return-policy page, rendered from the same file that makes the decisions."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from .public import summary_sections
from .schema import Policy

_templates = Environment(loader=PackageLoader("returndesk", "templates"), autoescape=select_autoescape())


def render_policy_page(policy: Policy, locale: str) -> str:
    return _templates.get_template("policy.html").render(
        policy=policy,
        # The locale the texts come from ("zh-CN" -> "zh"), so the page's lang matches its words.
        locale=(chosen := policy.texts.resolve_locale(locale)),
        words={key: policy.texts.render(chosen, "headings", key) for key in ("policy", "version")},
        sections=summary_sections(policy, locale),
    )
