"""Email notices: an agenda published, a paper added, an action point due or overdue."""
