"""Orientation: the resources library and programme events (kick-off, workshops, networking)."""
