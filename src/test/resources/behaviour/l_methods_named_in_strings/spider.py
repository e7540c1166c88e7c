"""A crawler whose requests name their callback as a string, the way Scrapy's Rule(callback="...") does."""
import requests


class Request:
    def __init__(self, url, callback):
        self.url = url
        self.callback = callback


class CatalogSpider:
    def __init__(self, base):
        self.base = base
        self.seen = []

    def start_requests(self):
        return [Request(f"{self.base}/items?page=1", callback="parse_page")]

    def parse_page(self, data):
        out = []
        for item in data["items"]:
            out.append(Request(f"{self.base}/users/{item['id']}", callback="parse_owner"))
        if data["next"]:
            out.append(Request(f"{self.base}/items?page={data['next']}", callback="parse_page"))
        return out

    def parse_owner(self, data):
        # the callback does I/O of its own
        rank = requests.get(f"{self.base}/rank/{data['id']}", timeout=5).json()["rank"]
        self.seen.append(f"{data['name']}#{rank}")
        return []


def crawl(spider):
    queue = list(spider.start_requests())
    fetched = 0
    while queue:
        request = queue.pop(0)
        data = requests.get(request.url, timeout=5).json()
        fetched += 1
        queue.extend(getattr(spider, request.callback)(data))
    return fetched
