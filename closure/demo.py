"""The demo's closure: each part adds its own (``closure/<part>_demo.py``)."""

from programs.demo import Demo

from . import reflection_demo


def seed(demo: Demo) -> None:
    reflection_demo.seed(demo)
