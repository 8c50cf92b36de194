"""What the browser tests of every app share: signing in through the real form, and
axe-core's serious and critical WCAG 2.1 A/AA violations on the page in view."""

import re

from axe_playwright_python.sync_playwright import Axe

from accounts.tests.factories import PASSWORD

AXE = Axe()
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))


def serious(page) -> list[str]:
    """Each serious or critical violation: its rule and the first few elements."""
    found = AXE.run(page, options=OPTIONS).response["violations"]
    return [
        f"{v['id']}: {', '.join(str(node['target']) for node in v['nodes'][:4])}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def signed_in_problems(page, base: str, email: str, paths: list[str], who: str) -> dict:
    """Sign in afresh as ``email`` and read each of ``paths``: the serious violations of
    those pages that have any, under ``"who: path"``."""
    page.context.clear_cookies()
    sign_in(page, base, email)
    problems = {}
    for path in paths:
        page.goto(base + path)
        if found := serious(page):
            problems[f"{who}: {path}"] = found
    return problems
