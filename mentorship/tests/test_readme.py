"""The README and guides tell a newcomer the truth: the demo logins and programmes it lists
are those seed_demo creates, its links lead to files in the repository, and the first
`make run` shows its progress."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from programs.models import Programme

ROOT = Path(settings.BASE_DIR)
README = (ROOT / "README.md").read_text()


@pytest.mark.django_db
def test_the_readme_lists_exactly_the_demo_logins_and_programmes(capsys):
    call_command("seed_demo")
    printed = capsys.readouterr().out
    seeded_logins = set(re.findall(r"[\w.+-]+@example\.org", printed))
    listed_logins = set(re.findall(r"^\| `([\w.+-]+@example\.org)` \|", README, re.M))

    assert listed_logins == seeded_logins
    listed_programmes = set(re.findall(r"^\| \*([^*]+)\* \|", README, re.M))
    assert listed_programmes == set(Programme.objects.values_list("name", flat=True))


@pytest.mark.parametrize(
    "document", ["README.md", *sorted(p.name for p in (ROOT / "docs").glob("*.md"))]
)
def test_every_relative_link_leads_to_a_file_in_the_repository(document):
    path = ROOT / document if document == "README.md" else ROOT / "docs" / document
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text())
    missing = [
        link
        for link in links
        if not re.match(r"^[a-z]+:", link) and not (path.parent / link).exists()
    ]
    assert missing == []


def test_the_first_install_says_what_it_does_and_pip_shows_its_progress():
    makefile = (ROOT / "Makefile").read_text()
    installs = re.findall(r"^\t(.*pip install.*)$", makefile, re.M)
    requirement_installs = [line for line in installs if "-r requirements" in line]

    assert len(requirement_installs) == 2
    assert not any("--quiet" in line or " -q" in line for line in requirement_installs)
    assert "Installing the Python packages" in makefile


def test_the_readme_lists_every_reminder_job_with_its_timing():
    from notifications import jobs

    rows = dict(re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| ([^|]+) \|", README, re.M))
    names = {job.name for job in jobs.all_jobs() if job.name != "test-job"}
    assert names - rows.keys() == set()
    assert all(rows[name].strip() for name in names)
