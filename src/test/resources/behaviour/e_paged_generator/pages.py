"""Walks the paged /items listing; pages are fetched only as the caller asks for them."""
import requests


def iter_pages(base):
    page = 1
    while page is not None:
        resp = requests.get(base + "/items", params={"page": page})
        resp.raise_for_status()
        data = resp.json()
        yield data["page"], data["items"]
        page = data["next"]


def iter_items(base):
    for _, items in iter_pages(base):
        for item in items:
            yield item
