"""Chunk-wise pricing: ``chunks=`` and Dask arrays for value_patents and monte_carlo.

The options (the broadcast of the array arguments, in C order) are cut into chunks of
consecutive options; each chunk is priced by the in-memory function on its slice, and
the chunks' results are joined into one result of the full shape.  In memory the
chunks run one after another; when an argument is a Dask array they run as Dask tasks
(``dask.compute``: on the active ``dask.distributed`` client, e.g. a LocalCluster, else
Dask's threads).

Random numbers (:func:`~poolcalc.pricing.monte_carlo`): chunk k draws from the k-th
child of ``SeedSequence(rng).spawn(n_chunks)`` (NumPy's recommended way to give
parallel streams independent seeds), so the numbers depend on the seed and the chunk
boundaries only -- the same seed and ``chunks`` give identical prices in memory, on
Dask and on any number of workers.  They differ from the call without ``chunks`` (one
stream for all options), which is why ``chunks=`` is explicit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from poolcalc.errors import InvalidInputError

__all__ = ["chunk_bounds", "chunk_seeds", "is_dask", "priced_in_chunks"]

_NO_DASK = "Dask arrays need dask: pip install 'poolcalc[distributed]'"


def is_dask(x: object) -> bool:
    """Whether ``x`` is a Dask collection (without importing dask)."""
    return type(x).__module__.split(".")[0] == "dask" and hasattr(x, "__dask_graph__")


def _dask_bounds(args: Mapping[str, Any], shape: tuple[int, ...]) -> list[int] | None:
    """Chunk sizes of the first full-shape Dask argument, flattened (None: no such one)."""
    for a in args.values():
        if is_dask(a) and tuple(a.shape) == shape:
            return [int(c) for c in a.reshape(-1).chunks[0]]
    return None


def chunk_bounds(n: int, chunks: int | Sequence[int]) -> list[tuple[int, int]]:
    """Return ``(start, stop)`` of each chunk of ``n`` options.

    Parameters
    ----------
    n : int
        Options (the size of the broadcast shape).
    chunks : int or sequence of int
        Options per chunk (the last one may be smaller), or the size of every chunk
        (summing to ``n``, as Dask writes chunks).

    Returns
    -------
    list of (int, int)

    Raises
    ------
    InvalidInputError
        A chunk size < 1, or sizes that do not add up to ``n``.

    Examples
    --------
    >>> chunk_bounds(5, 2)
    [(0, 2), (2, 4), (4, 5)]
    >>> chunk_bounds(5, (3, 2))
    [(0, 3), (3, 5)]
    """
    if isinstance(chunks, bool):
        raise InvalidInputError(f"chunks must be an integer >= 1 or chunk sizes, got {chunks!r}")
    if isinstance(chunks, int | np.integer):
        if chunks < 1:
            raise InvalidInputError(f"chunks must be >= 1, got {chunks}")
        sizes = [int(chunks)] * (n // int(chunks)) + ([n % int(chunks)] if n % int(chunks) else [])
    else:
        sizes = [int(c) for c in chunks]
        if any(c < 1 for c in sizes) or sum(sizes) != n:
            raise InvalidInputError(
                f"chunks must be sizes >= 1 adding up to the {n} options, got {tuple(chunks)}"
            )
    edges = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).tolist()
    return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:], strict=True)] or [(0, 0)]


def chunk_seeds(rng: object, k: int) -> list[Any]:
    """Return one independent random source per chunk, spawned from ``rng``.

    Parameters
    ----------
    rng : int, numpy.random.SeedSequence, numpy.random.Generator or None
        A seed (>= 0) or SeedSequence: its ``k`` children (spawned from a copy, so the
        same seed gives the same children every call); a Generator: ``rng.spawn(k)``;
        None: children of fresh operating-system entropy.
    k : int
        Chunks.

    Returns
    -------
    list
        ``k`` SeedSequences (or Generators for a Generator).

    Raises
    ------
    InvalidInputError
        Anything else (as :func:`~poolcalc.pricing._validate.check_rng`).

    Examples
    --------
    >>> [s.spawn_key for s in chunk_seeds(7, 3)]
    [(0,), (1,), (2,)]
    """
    if isinstance(rng, np.random.Generator):
        return list(rng.spawn(k))
    if rng is None:
        return np.random.SeedSequence().spawn(k)
    if isinstance(rng, np.random.SeedSequence):
        return np.random.SeedSequence(rng.entropy, spawn_key=rng.spawn_key,
                                      pool_size=rng.pool_size).spawn(k)
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer) or rng < 0:
        raise InvalidInputError(
            "rng must be a numpy.random.Generator, a seed (an integer >= 0), a "
            f"SeedSequence or None, got {rng!r}"
        )
    return np.random.SeedSequence(int(rng)).spawn(k)


def _flat_slice(a: Any, shape: tuple[int, ...], lo: int, hi: int) -> Any:
    if not is_dask(a) and np.size(a) == 1:  # a scalar stays one (the kernels hoist it)
        return np.asarray(a).reshape(())
    if is_dask(a):
        import dask.array as da  # only reached with a Dask argument: dask is installed

        return da.broadcast_to(a, shape).reshape(-1)[lo:hi]
    return np.broadcast_to(np.asarray(a), shape).flat[lo:hi]


def _join(parts: Sequence[Any], sizes: Sequence[slice], shape: tuple[int, ...],
          ids: tuple[str, ...]) -> Any:
    """Join the chunks' results into one of ``shape`` (options ``sizes[k]`` of chunk k)."""
    first = parts[0]
    out: dict[str, Any] = {}
    for f in attrs.fields(type(first)):
        v = getattr(first, f.name)
        if f.name == "patents":
            out[f.name] = ids
        elif v is None or isinstance(v, int | str | bool) and not isinstance(v, float):
            out[f.name] = v
        else:
            flat = np.concatenate([np.ravel(np.asarray(getattr(p, f.name), np.float64))[m]
                                   for p, m in zip(parts, sizes, strict=True)])
            out[f.name] = float(flat[0]) if shape == () else flat.reshape(shape)
    return type(first)(**out)


def priced_in_chunks(
    func: Callable[..., Any],
    arrays: Mapping[str, Any],
    fixed: Mapping[str, Any],
    chunks: int | Sequence[int] | None,
    *,
    rng: object = None,
    random: bool = False,
    ids: Callable[[int], tuple[str, ...]] | None = None,
) -> Any:
    """Price the options chunk by chunk (see the module docstring).

    Parameters
    ----------
    func : callable
        The in-memory pricing function (called with ``chunks=None``).
    arrays : mapping
        Its array arguments (numpy-like or Dask arrays); None values are left out.
    fixed : mapping
        Its other keyword arguments, the same for every chunk.
    chunks : int, sequence of int or None
        See :func:`chunk_bounds`; None: the chunks of the Dask argument.
    rng, random
        With ``random``, chunk k gets ``rng=chunk_seeds(rng, n_chunks)[k]``.
    ids : callable, optional
        ``ids(n)`` -> the patent ids of the joined result.

    Returns
    -------
    The result type of ``func``, for the full broadcast shape.
    """
    given = {k: v for k, v in arrays.items() if v is not None}
    try:
        shape = tuple(np.broadcast_shapes(*(tuple(np.shape(v)) for v in given.values())))
    except ValueError:
        shapes = ", ".join(f"{k}{tuple(np.shape(v))}" for k, v in given.items())
        raise InvalidInputError(f"array arguments do not broadcast together: {shapes}") from None
    n = int(np.prod(shape, dtype=np.int64))
    lazy = any(is_dask(v) for v in given.values())
    if chunks is None:
        sizes = _dask_bounds(given, shape)
        bounds = chunk_bounds(n, sizes if sizes else max(n, 1))
    else:
        bounds = chunk_bounds(n, chunks)
    seeds = chunk_seeds(rng, len(bounds)) if random else [None] * len(bounds)

    # a one-option chunk of a larger call is priced as two (the option twice): the
    # kernels price a one-element array as a scalar (constants hoisted into math.*),
    # which can differ from the vectorised path in the last bit
    pad = not random and n > 1

    def call(k: int, lo: int, hi: int) -> Any:
        if pad and hi - lo == 1:
            lo = lo - 1 if lo > 0 else lo
            hi = lo + 2
        kw = {name: _flat_slice(v, shape, lo, hi) for name, v in given.items()}
        if random:
            kw["rng"] = seeds[k]
        return kw

    if lazy:
        try:
            import dask
        except ImportError:  # pragma: no cover - a Dask argument means dask is there
            raise ImportError(_NO_DASK) from None
        tasks = [dask.delayed(func)(**call(k, lo, hi), **fixed)
                 for k, (lo, hi) in enumerate(bounds)]
        parts = list(dask.compute(*tasks))
    else:
        parts = []
        for k, (lo, hi) in enumerate(bounds):
            try:
                parts.append(func(**call(k, lo, hi), **fixed))
            except InvalidInputError as exc:
                raise InvalidInputError(f"{exc} (in chunk {k}: options {lo} to {hi - 1} "
                                        "in C order)") from None
    keep = []
    for lo, hi in bounds:  # which options of each priced chunk belong to it
        keep.append(slice(1, 2) if pad and hi - lo == 1 and lo > 0 else slice(0, hi - lo))
    return _join(parts, keep, shape, ids(n) if ids is not None else ())
