"""Writing a closing reflection in tests, with answers that can be found again."""

from closure import reflection_services as services

ACHIEVED = "I led my first budget round on my own."
WAY = "Meeting every second week at the café worked."
GOING_ON = "I keep a monthly hour for myself to plan."
HOW = "A coffee once a term."


def write(member, ratings=(), **answers):
    return services.closing_reflection_write(
        member=member,
        achieved=answers.get("achieved", ACHIEVED),
        expectations_met=answers.get("expectations_met", 4),
        way_of_working=answers.get("way_of_working", WAY),
        going_on=answers.get("going_on", GOING_ON),
        stay_in_touch=answers.get("stay_in_touch", "yes"),
        stay_in_touch_how=answers.get("stay_in_touch_how", HOW),
        ratings=list(ratings),
    )


def rating(goal, reached="partly", start=2, now=4):
    return services.Rating(goal.pk, reached, start, now)


def form_data(goals=(), **answers) -> dict:
    data = {
        "achieved": answers.get("achieved", ACHIEVED),
        "expectations_met": answers.get("expectations_met", "4"),
        "way_of_working": answers.get("way_of_working", WAY),
        "going_on": answers.get("going_on", GOING_ON),
        "stay_in_touch": answers.get("stay_in_touch", "yes"),
        "stay_in_touch_how": answers.get("stay_in_touch_how", HOW),
    }
    for goal in goals:
        data |= {
            f"goal_{goal.pk}_reached": "yes",
            f"goal_{goal.pk}_start": "2",
            f"goal_{goal.pk}_now": "5",
        }
    return data
