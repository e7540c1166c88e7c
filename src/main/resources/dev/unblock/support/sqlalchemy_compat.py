"""Flask-SQLAlchemy's engine, sessions and 404 helpers for an app ported to FastAPI by Unblock (`unblock explain UB807`).

A 404 carries the description= given, as Flask's abort(404, description) did (FastAPI answers {"detail": …}).
The app's SQLALCHEMY_DATABASE_URI is served by an async engine (its driver switched: sqlite → aiosqlite,
postgresql → asyncpg, mysql → aiomysql); every request gets its own AsyncSession, closed when the request ends.
"""
import os

from fastapi import HTTPException, Request

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg", "mysql": "mysql+aiomysql"}


def flask_instance_path(file, name):
    """Flask's instance folder for the app created in the module `name` (its file `file`): beside its top package."""
    root = os.path.dirname(os.path.abspath(file))
    if os.path.basename(file) == "__init__.py":
        root = os.path.dirname(root)
    for _ in range(name.count(".")):
        root = os.path.dirname(root)
    return os.path.join(root, "instance")


async def sqlalchemy_sessions(config, instance_path, metadata=None):
    """The session factory of the app's database (Flask-SQLAlchemy's settings); creates the tables of `metadata`."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
    from sqlalchemy.orm import sessionmaker
    from sqlalchemy.pool import StaticPool

    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    backend = url.get_backend_name()
    if backend not in _ASYNC_DRIVERS:
        raise ValueError("no async driver known for " + backend)
    url = url.set(drivername=_ASYNC_DRIVERS[backend])
    options = {"echo": bool(config.get("SQLALCHEMY_ECHO", False))}
    if backend == "sqlite":
        if url.database in (None, "", ":memory:"):
            options["poolclass"] = StaticPool
            options["connect_args"] = {"check_same_thread": False}
        else:
            # as Flask-SQLAlchemy 3: a relative path is relative to the app's instance folder
            is_uri = url.query.get("uri", False)
            path = url.database[5:] if is_uri else url.database
            if not os.path.isabs(path):
                if instance_path is None:
                    raise ValueError(
                        "a relative sqlite path: Flask-SQLAlchemy 2 read it from the app's root folder, 3 from its "
                        "instance folder; write the path in full (SQLALCHEMY_DATABASE_URI)"
                    )
                os.makedirs(instance_path, exist_ok=True)
                path = os.path.join(instance_path, path)
                url = url.set(database="file:" + path if is_uri else path)
    engine = create_async_engine(url, **options)
    if metadata is not None:
        async with engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
    return sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def close_sqlalchemy_sessions(sessions):
    """Closes the engine of a session factory made by sqlalchemy_sessions."""
    await sessions.kw["bind"].dispose()


async def sqlalchemy_session(request: Request):
    """A dependency: the request's own session (Flask-SQLAlchemy's db.session), closed when the request ends."""
    async with request.app.state.sqlalchemy_sessions() as session:
        yield session


async def sqlalchemy_get_or_404(session, model, ident, description=None):
    """Model.query.get_or_404(ident): the row with that primary key, or a 404."""
    value = await session.get(model, ident)
    if value is None:
        raise HTTPException(404, detail=description)
    return value


async def sqlalchemy_scalar_or_404(session, statement, description=None):
    """Flask-SQLAlchemy 3's db.first_or_404(statement): the first row's value, or a 404."""
    value = (await session.execute(statement)).scalar()
    if value is None:
        raise HTTPException(404, detail=description)
    return value


async def sqlalchemy_one_or_404(session, statement, description=None):
    """Flask-SQLAlchemy 3's db.one_or_404(statement): the only row's value, or a 404 when there is none or several."""
    from sqlalchemy.exc import MultipleResultsFound, NoResultFound

    try:
        return (await session.execute(statement)).scalar_one()
    except (NoResultFound, MultipleResultsFound):
        raise HTTPException(404, detail=description) from None


async def sqlalchemy_first_or_404(session, statement, description=None):
    """Model.query.filter_by(...).first_or_404(): the first row, or a 404."""
    value = (await session.execute(statement.limit(1))).scalars().first()
    if value is None:
        raise HTTPException(404, detail=description)
    return value
