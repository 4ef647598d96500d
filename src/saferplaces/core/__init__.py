"""Small shared pieces: errors, settings, periods."""
