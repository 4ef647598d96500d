"""Statutory reviews a partnership keeps registers of, as plain rules over dates and facts.

* :mod:`~saferplaces.reviews.years`: the financial year of a date, and its first and last day;
* :mod:`~saferplaces.reviews.workdays`: working days in England and Wales (bank holidays);
* :mod:`~saferplaces.reviews.asb`: the ASB case review threshold test, the timescales a
  partnership publishes, and the four counts it must publish each year (Anti-social
  Behaviour, Crime and Policing Act 2014, s104);
* :mod:`~saferplaces.reviews.dardr`: the stages of a Domestic Abuse Related Death Review and
  the statutory guidance's timescales, with overdue stages;
* :mod:`~saferplaces.reviews.personal`: refusing obvious personal data in free text;
* :mod:`~saferplaces.reviews.registers`: reading a register kept in a spreadsheet.

The web app (``saferplaces.web.reviews``) stores the registers; this package decides, so
the CLI, the web pages and the documents count the same way. No Django here.
"""
