"""One function per e-mail about goals."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import emails, kinds

from .models import Goal

kinds.register(
    kinds.Kind(
        "goal-news",
        _("A goal completed"),
        ("goal-completed",),
        _("When someone in your relationship completes a goal you share."),
        order=40,
    )
)


def goal_completed(*, goal: Goal, to: User) -> None:
    """Tell a member that someone in their relationship has reached a goal, with a link
    to congratulate them on its page. Sent only to those who read the goal."""
    match = goal.match
    emails.send(
        "goal-completed",
        to=to,
        about=goal,
        programme_id=match.programme_id,
        context={
            "programme": match.programme,
            "author": goal.author.enrolment.user.public_name,
            "title": goal.title,
            "goal_url": emails.absolute_url(
                reverse("goals:detail", kwargs={"pk": match.pk, "goal": goal.pk})
            ),
        },
    )
