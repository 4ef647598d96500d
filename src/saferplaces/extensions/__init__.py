"""The extension surface: every extension point declared in :mod:`.hookspecs`, the
built-in plugins, and :func:`load`, which registers them all once.

The CLI, the web app (``AppConfig.ready``) and the document producer call :func:`load`
at start-up; so does a test or a notebook that calls library functions directly::

    >>> from saferplaces import extensions
    >>> extensions.load()  # idempotent  # doctest: +SKIP
    >>> get_indicator("burglary").source  # doctest: +SKIP
    'police-uk'

Nothing registers itself by being imported: the built-in capabilities are plugins listed
in :data:`DEFAULT_PLUGINS` and register through the same hooks a third party's package
does. An installed package adds its plugin with an entry point in the ``saferplaces``
group (``[project.entry-points.saferplaces] myplugin = "mypackage.plugin"``).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pluggy

from saferplaces import hookimpl
from saferplaces.core.errors import SaferplacesError
from saferplaces.extensions import hookspecs

if TYPE_CHECKING:
    from saferplaces.warehouse.connection import Warehouse

__all__ = [
    "DEFAULT_PLUGINS",
    "ENTRY_POINT_GROUP",
    "add_plugin",
    "hookimpl",
    "load",
    "load_warehouse",
]

# The built-in plugins, in the order they register (police.uk's indicators come first in
# every list because police.uk registers first).
DEFAULT_PLUGINS: tuple[str, ...] = (
    "saferplaces.sources.police_uk.plugin",
    "saferplaces.sources.agency.plugin",
    "saferplaces.places.plugin",
    "saferplaces.assessment.plugin",
    "saferplaces.planning.plugin",
    "saferplaces.quarterly.plugin",
)

ENTRY_POINT_GROUP = "saferplaces"

_lock = threading.RLock()
_manager: pluggy.PluginManager | None = None


class PluginError(SaferplacesError):
    """A plugin could not be loaded or gave something its extension point refuses."""


def load() -> pluggy.PluginManager:
    """Register the built-in plugins and every installed one, once per process.

    Safe to call again (it returns at once). Raises :class:`PluginError` naming the
    plugin when one cannot be imported or declares a hook that does not exist."""
    global _manager
    with _lock:
        if _manager is not None:
            return _manager
        pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
        pm.add_hookspecs(hookspecs)
        for name in DEFAULT_PLUGINS:
            pm.register(importlib.import_module(name), name)
        try:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except Exception as e:  # a third party's import error: say whose it is
            raise PluginError(
                f"a plugin in the {ENTRY_POINT_GROUP!r} entry-point group failed to load: {e}; "
                "fix or uninstall that package"
            ) from e
        _check_hooks(pm)
        _register_all(pm)
        _manager = pm
        return pm


def load_warehouse(wh: Warehouse) -> None:
    """Register what ``wh`` itself declares (sources a partnership declared in its own
    dataset spec), after :func:`load`. Plugins do the work only when the warehouse holds
    something they have not registered yet, so a program may call this each time it
    opens the warehouse."""
    pm = load()
    pm.hook.saferplaces_warehouse_opened(wh=wh)


def add_plugin(name: str) -> None:
    """Register one more plugin module after :func:`load`: how a program built on the
    library adds what only it offers (the web app's meeting papers and action plan,
    whose builders need Django). Idempotent, like :func:`load`."""
    pm = load()
    with _lock:
        if pm.has_plugin(name):
            return
        module = importlib.import_module(name)
        pm.register(module, name)
        _check_hooks(pm)
        _register_all(pm, only=module)


def plugin_names() -> list[str]:
    """The plugins registered, built-in first."""
    return [name for name, _ in load().list_name_plugin()]


def registrars() -> dict[str, Callable[..., None]]:
    """{hook name: the function that takes what the hook returns}: one per extension point
    whose results fill a registry (every hook but ``saferplaces_warehouse_opened``)."""
    from saferplaces.assessment.registry import register_element, register_section
    from saferplaces.document.kinds import register_document_kind
    from saferplaces.geography.reference import register_reference_file
    from saferplaces.indicators.registry import register
    from saferplaces.indicators.tables import register_unplaced
    from saferplaces.quality.coverage import (
        register_coverage,
        register_credit,
        register_description,
        register_label,
    )
    from saferplaces.quality.report import register_quality_section
    from saferplaces.sources.registry import register_source, register_source_file

    # Filled in this order, each hook's plugins in the order they registered.
    return {
        "saferplaces_reference_files": register_reference_file,
        "saferplaces_source_labels": register_label,
        "saferplaces_coverage": register_coverage,
        "saferplaces_quality_sections": register_quality_section,
        "saferplaces_indicators": register,
        "saferplaces_unplaced_counts": register_unplaced,
        "saferplaces_sources": register_source,
        "saferplaces_source_files": register_source_file,
        "saferplaces_source_credits": register_credit,
        "saferplaces_source_descriptions": register_description,
        "saferplaces_section_kinds": register_section,
        "saferplaces_element_kinds": register_element,
        "saferplaces_document_kinds": register_document_kind,
    }


def _check_hooks(pm: pluggy.PluginManager) -> None:
    """Refuse a plugin implementing a hook saferplaces does not declare (a misspelt hook
    would otherwise be silently ignored)."""
    for hook_name, caller in vars(pm.hook).items():
        if isinstance(caller, pluggy.HookCaller) and not caller.has_spec():
            for impl in caller.get_hookimpls():
                if not impl.optionalhook:
                    raise PluginError(
                        f"plugin {impl.plugin_name!r} implements {hook_name}, which is not a "
                        "saferplaces hook; see saferplaces.extensions.hookspecs for the hooks"
                    )


def _register_all(pm: pluggy.PluginManager, only: object = None) -> None:
    for hook_name, register in registrars().items():
        caller = getattr(pm.hook, hook_name)
        # Registration order (pluggy calls the last registered first): built-ins, then
        # installed plugins, so a list keeps the built-in order.
        for impl in caller.get_hookimpls():
            if only is not None and impl.plugin is not only:
                continue
            result = impl.function()
            try:
                _give(register, result)
            except SaferplacesError as e:
                raise PluginError(f"plugin {impl.plugin_name!r} ({hook_name}): {e}") from e


def _give(register: Callable[..., None], result: Any) -> None:
    if result is None:
        return
    if isinstance(result, Mapping):
        for key, value in result.items():
            register(key, value)
    elif isinstance(result, Iterable) and not isinstance(result, str):
        for item in result:
            register(item)
    else:
        raise PluginError(f"expected a list or a mapping, got {type(result).__name__}")
