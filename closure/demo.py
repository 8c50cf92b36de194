"""Closure's part of the demo: each part of stage 7 adds its own (``closure/*_demo.py``)."""

from programs.demo import Demo

from . import ending_demo


def seed(demo: Demo) -> None:
    ending_demo.seed(demo)
