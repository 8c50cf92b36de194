"""Privacy's part of the demo (``seed_demo`` calls ``seed``, after every other stage)."""

from programs.demo import Demo

from . import retention_demo


def seed(demo: Demo) -> None:
    retention_demo.seed(demo)
