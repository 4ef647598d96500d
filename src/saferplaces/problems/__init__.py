"""Problem-solving plans for places (SARA / OSARA: objective, scanning, analysis,
response, assessment), computed from the warehouse through the core library:

* :mod:`~saferplaces.problems.scanning`: why the place is on the list (its place flags
  and indicator values, or its Gi* hot spot result), filled in automatically;
* :mod:`~saferplaces.problems.analysis`: the place's count and rate beside the district,
  how concentrated it is and its busiest places, and its monthly trend with SPC signals;
* :mod:`~saferplaces.problems.assessment`: before and after over matched periods with the
  exact conditional test, and the change against the rest of the district;
* :mod:`~saferplaces.problems.document`: the plan as a ``Document``.

The web app (``saferplaces.web.problems``) stores the plans; nothing here imports Django.
"""
