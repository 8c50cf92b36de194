"""Admin widgets that label every input they draw (WCAG 1.3.1, 4.1.2)."""

from django.contrib.admin.widgets import AdminSplitDateTime


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's date and time pair, with "Date:" and "Time:" as real ``<label>``s.

    The field's own label points at the date input, so the date reads "Starts at: Date" and
    the time "Time". Django draws the two words as bare text, which leaves both inputs
    without a name.
    """

    template_name = "programs/widgets/labelled_split_datetime.html"

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else ""
