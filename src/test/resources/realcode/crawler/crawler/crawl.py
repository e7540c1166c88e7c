from collections import deque

from .fetch import FetchError, Fetcher
from .parse import links, title
from .sources import Source


class Result:
    def __init__(self, url: str, title: str, depth: int):
        self.url = url
        self.title = title
        self.depth = depth


def crawl(source: Source, fetcher: Fetcher, max_pages: int = 20, max_depth: int = 2) -> list:
    queue = deque((url, 0) for url in source.start_urls(fetcher))
    seen = set()
    results = []
    while queue and len(results) < max_pages:
        url, depth = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        try:
            html = fetcher.fetch(url)
        except FetchError:
            continue
        results.append(Result(url, title(html), depth))
        if depth < max_depth:
            queue.extend((link, depth + 1) for link in links(url, html) if link not in seen)
    return results


def by_depth(results: list) -> list:
    return sorted(results, key=lambda r: (r.depth, r.url))
