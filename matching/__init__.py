"""Relationships between members and how they are formed (stage 2 of the lifecycle).

Models, the matching engine and the suggestion/request flows arrive with the matching
issue; the app is installed now so migrations and URLs have a stable home.
"""
