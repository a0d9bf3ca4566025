"""Alembic migrations of the ledger schema, shipped in the package.

They are run programmatically by :func:`poolcalc.ledger.upgrade` on first use (no
``alembic.ini`` and no ``env.py``: the package drives Alembic's
``EnvironmentContext`` itself).  One module per revision in ``versions/``.
"""
