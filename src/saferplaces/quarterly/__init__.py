"""The data group's quarterly reports: the domestic abuse performance report (and, later,
the quarterly place report), each built as a :class:`~saferplaces.document.model.Document`.
"""
