"""Awaitable construction, added by Unblock.

A class whose constructor does I/O inherits AsyncMixin and moves that work to
``async def __ainit__(self, ...)``. Instances are then created with ``await Cls(...)``:
``Cls(...)`` records the arguments and ``await`` runs ``__ainit__`` with them once.
"""


class AsyncMixin:
    def __init__(self, *args, **kwargs):
        self.__init_args = (args, kwargs)
        self.__initialized = False

    async def __ainit__(self, *args, **kwargs):
        """Asynchronous part of construction; subclasses override it."""

    async def __construct(self):
        if self.__initialized:
            raise RuntimeError(f"{type(self).__name__} is already initialized")
        self.__initialized = True
        args, kwargs = self.__init_args
        await self.__ainit__(*args, **kwargs)
        return self

    def __await__(self):
        return self.__construct().__await__()
