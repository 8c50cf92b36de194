"""Closure's demo data: each part adds its own (``seed(demo)``), called from here."""

from programs.demo import Demo

from . import certificates_demo


def seed(demo: Demo) -> None:
    certificates_demo.seed(demo)
