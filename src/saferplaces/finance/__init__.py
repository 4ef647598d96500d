"""Money: budgets, funds, spend, grants and year end, without Django.

The web app (:mod:`saferplaces.web.finance`) stores the records; this package holds what
needs no database: reading amounts and budget spreadsheets (:mod:`.money`,
:mod:`.budget_file`), adding up balances (:mod:`.figures`), the board documents built on
the shared document model (:mod:`.documents`) and the 360Giving export
(:mod:`.giving360`). Money is a :class:`decimal.Decimal` everywhere, never a float.
"""
