"""The demo's closure: each part adds its own (``closure/<part>_demo.py``)."""

from programs.demo import Demo

from . import certificates_demo, closing_demo, ending_demo, reflection_demo


def seed(demo: Demo) -> None:
    closing_demo.seed(demo)
    reflection_demo.seed(demo)
    certificates_demo.seed(demo)
    ending_demo.seed(demo)
