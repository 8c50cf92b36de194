"""The Content-Security-Policy: sent on every page, strict for scripts, and nothing the site
itself serves breaks it — proved in the real Chromium, which reports each violation."""

import re

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from events.tests.factories import EventFactory
from intake.tests.factories import ApplicationFactory
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory

# Every violation the browser reports is kept on the window, to be read after each page.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


def directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/admin/login/"])
def test_every_page_sends_a_policy_that_refuses_inline_scripts(client, path):
    policy = directives(client.get(path))
    assert policy["default-src"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "'unsafe-inline'" not in policy["style-src"]


@pytest.mark.django_db
def test_a_nonce_is_new_on_every_response_and_only_in_the_header_when_used(client, rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import Context, Template

    template = Template('<script nonce="{{ nonce }}">1</script>')

    def view(request):
        return HttpResponse(template.render(Context({"nonce": request.csp_nonce})))

    bodies, headers = [], []
    for _ in range(2):
        response = CSPMiddleware(view)(rf.get("/"))
        bodies.append(response.content.decode())
        headers.append(response.headers["Content-Security-Policy"])
    nonces = [re.search(r'nonce="([^"]+)"', body).group(1) for body in bodies]
    assert nonces[0] != nonces[1]
    for nonce, header in zip(nonces, headers, strict=True):
        assert f"'nonce-{nonce}'" in header


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_site_and_the_admin_break_no_rule_and_injected_script_does_not_run(live_server, page):
    programme = ProgrammeFactory(name="Mentors for new managers", status=Programme.Status.MATCHING)
    mentee = UserFactory(email="adam@example.org", display_name="Adam Adept")
    EnrolmentFactory(programme=programme, user=mentee, role=Enrolment.Role.MENTEE)
    application = ApplicationFactory(programme=programme, user=mentee, status="accepted")
    event = EventFactory(programme=programme, title="Kick-off evening")
    waiting = ApplicationFactory(programme=programme, status="submitted")
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=coordinator, programme=programme)
    page.context.add_init_script(RECORD_VIOLATIONS)
    base = live_server.url

    def visit(paths) -> dict[str, list]:
        found = {}
        for path in paths:
            page.goto(base + path)
            page.wait_for_load_state("load")
            assert page.title() and "403" not in page.title() and "404" not in page.title()
            violations = page.evaluate("window.__cspViolations")
            if violations:
                found[path] = violations
        return found

    def sign_in(email: str, login: str = "/accounts/login/") -> None:
        page.context.clear_cookies()
        page.goto(base + login)
        page.locator("input[name=login], input[name=username]").fill(email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
        page.wait_for_url(re.compile(r"^(?!.*/login/)"))

    assert visit(["/", f"/programmes/{programme.slug}/", "/accounts/login/"]) == {}
    # The policy is enforced: markup that gets in somehow cannot run a script.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__injected = true'; document.body.appendChild(s); }"
    )
    assert page.evaluate("window.__injected === undefined")
    assert page.evaluate("window.__cspViolations.length") == 1

    sign_in(mentee.email)
    site = [
        "/my-programmes/",
        "/events/",
        f"/events/{event.pk}/",
        "/resources/",
        f"/applications/{application.pk}/",
        f"/programmes/{programme.slug}/",
        "/accounts/profile/",
    ]
    assert visit(site) == {}

    sign_in(coordinator.email, "/admin/login/")
    admin_pages = [
        "/admin/",
        "/admin/programs/programme/",
        f"/admin/programs/programme/{programme.pk}/change/",
        "/admin/intake/application/",
        f"/admin/intake/application/{application.pk}/change/",
        f"/admin/intake/application/{waiting.pk}/change/",  # with the decision buttons
        "/admin/events/event/",
        f"/admin/events/event/{event.pk}/change/",
        "/admin/relationships/match/",
        reverse("admin:matching_programme", args=[programme.pk]),
    ]
    assert visit(admin_pages) == {}
