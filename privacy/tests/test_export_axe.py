"""axe-core in the real Chromium on the privacy pages — the person's data, the erasure
page and its refusal, the administrators' confirmation — in English and Swedish: no
serious or critical WCAG 2.1 A/AA violation. And erasing through the browser, end to end."""

import pytest

from accounts.models import User
from accounts.tests.browser import serious, signed_in_problems
from accounts.tests.factories import PASSWORD

from .conftest import EMAIL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATHS = ["/privacy/", "/privacy/erase/"]


def _refused(page, base, problems, who):
    page.goto(base + "/privacy/erase/")
    page.locator("#id_email").fill("not-me@example.org")
    page.locator("form button[type=submit].btn-danger").click()
    page.wait_for_selector(".invalid-feedback")
    if found := serious(page):
        problems[f"{who}: erasure refused"] = found


def test_the_privacy_pages_pass_axe(live_server, page, world):
    base = live_server.url
    adam = world.adam.enrolment.user
    problems = signed_in_problems(page, base, adam.email, PATHS, "member")
    _refused(page, base, problems, "member")
    adam.preferred_language = "sv"
    adam.save()
    problems.update(signed_in_problems(page, base, adam.email, PATHS, "member (sv)"))
    _refused(page, base, problems, "member (sv)")

    root = User.objects.create_superuser("root@example.org", PASSWORD, display_name="Root")
    root.emailaddress_set.create(email=root.email, verified=True, primary=True)
    problems.update(signed_in_problems(page, base, root.email, ["/admin/accounts/user/"], "admin"))
    page.locator(f"input[name=_selected_action][value='{adam.pk}']").check()
    page.locator("select[name=action]").select_option("erase_accounts")
    page.locator("button[name=index]").click()
    page.wait_for_selector("text=Accounts to erase")
    if found := serious(page):
        problems["admin: the confirmation"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_a_person_erases_their_account_in_the_browser(live_server, page, world):
    base = live_server.url
    signed_in_problems(page, base, EMAIL, ["/privacy/"], "member")
    page.get_by_role("link", name="Erase my account…").click()
    page.get_by_label("Your e-mail address").fill(EMAIL)
    page.get_by_role("button", name="Erase my account").click()
    page.wait_for_selector("text=Your account was erased.")
    assert page.get_by_role("link", name="Sign in").is_visible()
    adam = User.objects.get(pk=world.adam.enrolment.user.pk)
    assert adam.display_name == "Former participant" and not adam.is_active
