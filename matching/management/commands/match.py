"""``manage.py match SLUG``: suggest matches for a programme and say why.

Without ``--dry-run`` the suggestions become the programme's open round, for the
coordinator to review and confirm in the admin; with it nothing is written.
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from programs.models import Programme

from ... import services
from ...models import (
    STABLE_NOT_OFFERED,
    MatchingRun,
    MatchingSettings,
    settings_for,
    stable_offered,
)
from ...reasons import describe_all
from ...selectors import unmatched_reason


class Command(BaseCommand):
    help = "Suggest matches for a programme, with scores and the reasons for each."

    def add_arguments(self, parser) -> None:
        parser.add_argument("programme", help="The programme's short name (slug).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only print the suggestions; save nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")
        parser.add_argument(
            "--min-score",
            type=int,
            default=None,
            help="Only suggest pairs reaching this score (default: the programme's setting).",
        )

    def handle(self, *args, programme: str, dry_run: bool, json: bool, min_score, **options):
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            raise CommandError(f"No programme with the short name {programme!r}.")
        chosen = settings_for(found)
        if min_score is None:
            min_score = chosen.effective_min_score
        stable = min_score is None and chosen.objective == MatchingSettings.Objective.STABLE
        try:
            if dry_run:
                if stable and not stable_offered(found):
                    raise ValidationError(STABLE_NOT_OFFERED)
                run = services.open_run(found)
                locked = list(run.suggestions.filter(locked=True)) if run else []
                suggestions, summary = services.propose(
                    found, min_score=min_score, stable=stable, locked=locked
                )
                suggestions = locked + suggestions
            else:
                objective = (
                    "min_score" if min_score is not None else "stable" if stable else "most_matched"
                )
                run = services.run_start(
                    programme=found, by=None, objective=objective, min_score=min_score, sync=True
                )
                if run.status != MatchingRun.Status.READY:
                    raise CommandError(f"Matching failed: {run.error}")
                suggestions, summary = list(run.suggestions.all()), run.summary
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        report = _report(suggestions, summary)
        if json:
            self.stdout.write(_dumps(report))
            return
        for item in report["suggestions"]:
            people = " + ".join(item["people"])
            self.stdout.write(f"{item['score']!s:>6}  {people}")
            for reason in item["reasons"]:
                self.stdout.write(f"        {reason}")
        for item in report["unmatched"]:
            self.stdout.write(f"unmatched  {item['person']}: {item['reason']}")
        self.stdout.write(
            f"{len(report['suggestions'])} suggestions, {len(report['unmatched'])} unmatched, "
            f"total score {report['total_score']}"
            + ("" if dry_run else "; review and confirm them in the admin.")
        )


def _report(suggestions, summary) -> dict:
    from programs.models import Enrolment

    ids = [item["enrolment"] for item in summary.get("unmatched", [])]
    people = Enrolment.objects.select_related("user").in_bulk(ids)
    worded = describe_all(s.explanation for s in suggestions)
    return {
        "suggestions": [
            {
                "people": [p.user.email for p in s.people],
                "score": s.score,
                "locked": s.locked,
                "reasons": reasons,
            }
            for s, reasons in zip(suggestions, worded, strict=True)
        ],
        "unmatched": [
            {"person": people[item["enrolment"]].user.email, "reason": unmatched_reason(item)}
            for item in summary.get("unmatched", [])
        ],
        "total_score": summary.get("total_score"),
    }


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
