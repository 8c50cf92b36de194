"""``{{ programme|texts_deleted_on|date:"DATE_FORMAT" }}``: the retention date, no query."""

from django import template

from programs.retention import texts_deleted_on as deleted_on

register = template.Library()


@register.filter
def texts_deleted_on(programme):
    return deleted_on(programme) if programme is not None else None


@register.simple_tag
def retention_months():
    from programs.retention import retention_months as months

    return months()
