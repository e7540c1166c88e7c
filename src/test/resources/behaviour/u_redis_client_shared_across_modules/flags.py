import cache


def enable(flag):
    cache.r.set(cache.key("flag", flag), "1")


def is_enabled(flag):
    # a flag read: if this returned a coroutine it would always be truthy
    return cache.r.exists(cache.key("flag", flag))
