"""The raw SQL of the released revisions, frozen as it stood the day each was written.

A released revision must do the same thing for ever, so it imports no domain code (only
``hiring.migrations...`` and ``import hiring.db`` for column types; a test checks): the database
objects it makes with raw SQL live here, expanded to literal statements, one module per revision
that changed them, and a module is never edited afterwards.

``search_0007``
    ``hiring.candidates.search_index`` at 20eb61d: run by 0007_search and 0011_facets.
``search_0010``
    ``search_index`` at 85ca8a4: run by 0010_search_archived (SQLite only).
``search_0012``
    ``search_index`` at 1cbe8f3: run by 0012_search_order (SQLite only). Its install is what
    ``search_index.install`` made until 0013, on both databases.
``search_0013``
    ``search_index`` where 0013_search_simpler was written (SQLite only): no candidate totals,
    no key-order flag. Its install is what ``search_index.install`` made until 0033.
``search_0025``
    PostgreSQL's search document as a stored generated column (0025_search_document).
``search_0033``
    ``search_index`` where 0033_search_insert_key was written (SQLite only): the insert
    trigger's newest key read from the ends of the key index. Its install is what
    ``search_index.install`` makes today on SQLite.

Each module holds the tuples ``SQLITE_INSTALL``, ``SQLITE_UNINSTALL``, ``SQLITE_REBUILD``,
``PG_INSTALL``, ``PG_UNINSTALL`` and ``PG_REBUILD`` and the functions ``install``, ``uninstall``
and ``rebuild`` that run the tuple of the connection's dialect; it imports nothing but
SQLAlchemy.

To change the search objects (say in revision 0013_x):

1. change ``hiring/candidates/search_index.py``;
2. copy the newest module to ``search_0013.py`` and replace its tuples with the live module's
   statements, as literals: ``search_index.SQLITE_INSTALL`` and the other constants as they are
   (``print(repr(...))``), and the statements ``search_index.rebuild`` runs for each dialect
   (without its final count). The UNINSTALL tuples must also drop whatever the earlier modules
   made (``DROP ... IF EXISTS``);
3. in the revision, ``from hiring.migrations.frozen import search_0013``; its upgrade runs
   ``search_0013.uninstall``, ``install`` and ``rebuild`` and its downgrade
   ``search_0013.uninstall``, then the previous module's ``install`` and ``rebuild``.

``tests/test_migrations.py`` checks that the head revision makes exactly the objects
``search_index.install`` makes, and upgrades a database with rows in it from every revision.
"""
