import os

import catalog
from pages import iter_items, iter_pages


def main():
    base = os.environ["UNBLOCK_TEST_HTTP"]
    for number, items in iter_pages(base):
        print(f"page {number}: {len(items)} items")
    for item in iter_items(base):
        print(catalog.price_label(item))
    print("total:", catalog.total_price(base))
    print("cheap:", catalog.cheap_names(base, 500))
    print("first expensive:", catalog.first_expensive(base, 700))


if __name__ == "__main__":
    main()
