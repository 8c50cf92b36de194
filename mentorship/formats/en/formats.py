"""English dates and numbers as the site writes them (FORMAT_MODULE_PATH).

Day before month, as in the rest of the site's British English: "15 Dec 2026". What is not
set here comes from Django's own English formats.
"""

DATE_FORMAT = "j F Y"  # 15 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 15 Dec 2026
DATETIME_FORMAT = "j F Y, H:i"  # 15 December 2026, 14:30
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 15 Dec 2026, 14:30
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","  # 5,000
NUMBER_GROUPING = 3
