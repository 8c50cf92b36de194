"""Closure's admin: each part registers its own (imported here so the admin finds it)."""

from . import certificate_admin  # noqa: F401
