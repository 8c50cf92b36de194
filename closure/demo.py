"""Stage 7's demo data: each part adds its own (see the modules named)."""

from programs.demo import Demo

from . import closing_demo


def seed(demo: Demo) -> None:
    closing_demo.seed(demo)
