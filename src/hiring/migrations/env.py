from alembic import context

from hiring.db import make_engine
from hiring.migrate import described_by_models
from hiring.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url
    engine = make_engine(url)
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch migrations rebuild a table by dropping it; with foreign keys on, that drop
            # would cascade into (or null) every referencing row. The pragma only takes effect
            # outside a transaction, so it goes to the driver before the migration's BEGIN.
            driver = connection.connection.dbapi_connection
            assert driver is not None
            cursor = driver.cursor()
            cursor.execute("PRAGMA foreign_keys=OFF")
            cursor.close()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=described_by_models,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
