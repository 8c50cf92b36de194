"""When a programme's texts are deleted: the retention period, from the programme's end.

Notes, messages, reflections and application answers are deleted ``RETENTION_MONTHS``
(12) months after the programme's end date (``privacy.retention`` does it, at night). The
date counts from ``ends_on`` alone, not from when a coordinator closed the programme: it is
known, and shown to everyone, from the application form on, and closing late does not move
it. Moving the end date moves it too.
"""

import calendar
from datetime import date

from django.conf import settings


def retention_months() -> int:
    return max(getattr(settings, "RETENTION_MONTHS", 12), 0)


def add_months(day: date, months: int) -> date:
    """``months`` calendar months after ``day``; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def texts_deleted_on(programme) -> date:
    """The day the programme's notes, messages, reflections and application answers go
    (from the night before it, by the site's clock)."""
    return add_months(programme.ends_on, retention_months())
