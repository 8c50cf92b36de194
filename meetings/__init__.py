"""Meetings, agendas, notes, topic bank and calendar export (stage 5)."""
