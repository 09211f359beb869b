"""The public return-policy page, rendered from the same file that makes the decisions."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from . import Policy

_templates = Environment(loader=PackageLoader("returndesk", "templates"), autoescape=select_autoescape())


def render_policy_page(policy: Policy, locale: str) -> str:
    return _templates.get_template("policy.html").render(
        policy=policy,
        locale=locale if locale in policy.locales else policy.default_locale,
        sections=policy.summary_sections(locale),
    )
