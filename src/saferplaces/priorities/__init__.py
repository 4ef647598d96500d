"""Prioritisation (MoRiLE-style): candidate issues from the evidence, scores proposed from
it, members' scores combined by median, and the ranked matrix (``methods.md``,
"Prioritisation"). No Django: the web app and the CLI both call these functions.
"""
