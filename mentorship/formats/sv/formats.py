"""Swedish dates and numbers as a Swede writes them (FORMAT_MODULE_PATH).

"15 dec. 2026", "10 maj 2027", "15 december 2026 kl. 14:30", "5 000". What is not set here
comes from Django's own Swedish formats.
"""

from django.utils.translation import pgettext_lazy

DATE_FORMAT = "j F Y"  # 15 december 2026
# "N" is the abbreviated month; its Swedish forms are below.
SHORT_DATE_FORMAT = "j N Y"  # 15 dec. 2026
DATETIME_FORMAT = r"j F Y \k\l. H:i"  # 15 december 2026 kl. 14:30
SHORT_DATETIME_FORMAT = r"j N Y \k\l. H:i"  # 15 dec. 2026 kl. 14:30
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # 5 000, with a space that never breaks the number
NUMBER_GROUPING = 3

# Django's abbreviated months ("N"), named here so that our catalogue carries them: its own
# Swedish catalogue drops the full stops ("dec" for "dec."). Translated in locale/sv as
# Swedish abbreviates: jan., feb., mars, apr., maj, juni, juli, aug., sep., okt., nov., dec.
ABBREVIATED_MONTHS = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)
