"""Privacy's own records (the stages' personal data is theirs; they declare it)."""
