"""Where a crawl starts: a list of pages, or the links of an index page."""
from .fetch import Fetcher
from .parse import links


class Source:
    def __init__(self, name: str):
        self.name = name

    def start_urls(self, fetcher: Fetcher) -> list:
        raise NotImplementedError

    def describe(self) -> str:
        return "%s (%s)" % (self.name, type(self).__name__)


class StaticSource(Source):
    def __init__(self, name: str, urls: list):
        super().__init__(name)
        self.urls = urls

    def start_urls(self, fetcher: Fetcher) -> list:
        return list(self.urls)


class IndexSource(Source):
    """The links found on one index page."""

    def __init__(self, name: str, index: str):
        super().__init__(name)
        self.index = index

    def start_urls(self, fetcher: Fetcher) -> list:
        return links(self.index, fetcher.fetch(self.index))
