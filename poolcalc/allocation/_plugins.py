"""Finding user schemes: plug-in modules that call :func:`register_scheme` at import.

Python code simply imports its scheme module before using the name.  The command line
(``poolcalc allocate --scheme NAME``, ``poolcalc compare --schemes ...``) imports plug-in
modules from three places, in this order:

1. ``--plugin MODULE`` (repeatable): a dotted module name importable from
   ``sys.path``, or the path of a ``.py`` file;
2. the environment variable ``POOLCALC_PLUGINS``: such names or paths separated by
   commas;
3. the entry-point group ``poolcalc.schemes`` of the installed distributions: in the
   plug-in package's ``pyproject.toml``::

       [project.entry-points."poolcalc.schemes"]
       sqrt-patent-count = "mypkg.sqrt_scheme"

   An entry point may name a module (imported; it registers its schemes) or a
   :class:`Scheme` object (registered, unless that name is registered already).

A module that fails to import, or registers a name already taken, is a bad input
(:class:`~poolcalc.errors.InvalidInputError` naming the plug-in), not a traceback.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType

from poolcalc.allocation._registry import Scheme, get_scheme, register_scheme, scheme_names
from poolcalc.errors import InvalidInputError

__all__ = ["PLUGIN_ENV", "PLUGIN_GROUP", "load_plugins"]

#: Environment variable listing plug-in modules (comma separated).
PLUGIN_ENV = "POOLCALC_PLUGINS"
#: Entry-point group of plug-in schemes.
PLUGIN_GROUP = "poolcalc.schemes"

_LOADED: dict[str, ModuleType] = {}  # plug-in spec -> module, so each loads once


def _import(spec: str, where: str) -> ModuleType:
    if spec in _LOADED:
        return _LOADED[spec]
    try:
        if spec.endswith(".py") or os.sep in spec or "/" in spec:
            path = Path(spec).resolve()
            if not path.is_file():
                raise InvalidInputError(f"plug-in {spec!r} ({where}): no such file")
            name = f"poolcalc_plugin_{path.stem}"
            mspec = importlib.util.spec_from_file_location(name, path)
            if mspec is None or mspec.loader is None:  # pragma: no cover - .py files load
                raise InvalidInputError(f"plug-in {spec!r} ({where}): not a Python module")
            module = importlib.util.module_from_spec(mspec)
            sys.modules[name] = module
            try:
                mspec.loader.exec_module(module)
            except BaseException:
                del sys.modules[name]
                raise
        else:
            module = importlib.import_module(spec)
    except InvalidInputError as exc:
        if str(exc).startswith("plug-in "):
            raise
        raise InvalidInputError(f"plug-in {spec!r} ({where}): {exc}") from None
    except Exception as exc:
        raise InvalidInputError(
            f"plug-in {spec!r} ({where}) failed to import: {type(exc).__name__}: {exc}"
        ) from None
    _LOADED[spec] = module
    return module


def _env_specs(environ: Mapping[str, str]) -> list[str]:
    return [s.strip() for s in environ.get(PLUGIN_ENV, "").split(",") if s.strip()]


def load_plugins(
    modules: Iterable[str] = (),
    *,
    env: bool = True,
    entry_points: bool = True,
    environ: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """Import plug-in scheme modules; return the names of the schemes they registered.

    Parameters
    ----------
    modules : iterable of str
        Dotted module names or ``.py`` file paths (``--plugin``).
    env : bool
        Also load the modules listed in ``POOLCALC_PLUGINS`` (comma separated).
    entry_points : bool
        Also load the installed ``poolcalc.schemes`` entry points.
    environ : mapping, optional
        Environment to read (default :data:`os.environ`).

    Returns
    -------
    tuple of str
        Names of the schemes the imported modules registered (in registration order).

    Raises
    ------
    InvalidInputError
        A plug-in that cannot be imported (the message names it and where it came
        from), or whose scheme name is already registered.

    Examples
    --------
    >>> load_plugins([], env=False, entry_points=False)
    ()
    """
    before = set(scheme_names())
    for spec in modules:
        _import(str(spec), "--plugin")
    if env:
        for spec in _env_specs(os.environ if environ is None else environ):
            _import(spec, PLUGIN_ENV)
    if entry_points:
        for ep in importlib.metadata.entry_points(group=PLUGIN_GROUP):
            where = f"entry point {ep.name} = {ep.value}"
            if ":" not in ep.value:
                _import(ep.value, where)
                continue
            try:
                obj = ep.load()
            except Exception as exc:
                raise InvalidInputError(
                    f"plug-in {ep.value!r} ({where}) failed to load: {type(exc).__name__}: {exc}"
                ) from None
            if isinstance(obj, Scheme):
                if obj.name not in before and obj.name not in scheme_names():
                    register_scheme(obj)
                elif get_scheme(obj.name) is not obj:
                    raise InvalidInputError(
                        f"plug-in {ep.value!r} ({where}): scheme {obj.name!r} is already "
                        "registered"
                    )
    return tuple(n for n in scheme_names() if n not in before)
