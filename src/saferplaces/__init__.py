"""saferplaces: evidence and governance for Community Safety Partnerships.

``hookimpl`` marks a plugin's implementation of an extension point declared in
:mod:`saferplaces.extensions.hookspecs` (the built-in plugins use it as a third party
does)::

    from saferplaces import hookimpl

    @hookimpl
    def saferplaces_indicators():
        return [Indicator(...)]
"""

import pluggy

__version__ = "0.1.0"

# Here, at the root, so a plugin in any layer marks its hooks without importing the
# extension loader (which sits above every layer it loads plugins from).
hookimpl = pluggy.HookimplMarker("saferplaces")
