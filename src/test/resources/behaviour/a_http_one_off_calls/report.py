"""Formats what the API returns; some of it is pure string work."""
import api
from api import greeting as hello


def format_pairs(pairs):
    return "&".join(f"{key}={value}" for key, value in pairs)


def greet_all(names):
    return [hello(name) for name in names]


def order_summary(item, quantity):
    status, echoed = api.create_order(item, quantity)
    body = echoed["body"]
    headers = echoed["headers"]
    return (
        f"{status} {echoed['method']} {echoed['path']} item={body['item']} "
        f"qty={body['quantity']} tags={','.join(body['tags'])} "
        f"id={headers['x-request-id']} type={headers['content-type']}"
    )


def tag_update(item):
    echoed = api.replace_tags(item, ["sale"])
    return f"{echoed['method']} {echoed['path']} -> {echoed['body']['tags']}"
