from pages import iter_items


def price_label(item):
    return f"{item['name']}: {item['price'] / 100:.2f}"


def total_price(base):
    total = 0
    for item in iter_items(base):
        total += item["price"]
    return total


def cheap_names(base, limit):
    return [item["name"] for item in iter_items(base) if item["price"] < limit]


def first_expensive(base, limit):
    for item in iter_items(base):
        if item["price"] >= limit:
            return item["name"]
    return None
