import requests

from notifiers import ConsoleNotifier, Notifier, WebhookNotifier


def on_call(base):
    # plain I/O called directly: free to migrate whatever happens to the notify family
    return requests.get(f"{base}/users/5", timeout=5).json()["name"]


def broadcast(notifiers: list[Notifier], message):
    results = []
    for n in notifiers:
        try:
            results.append(n.notify(message))
        except NotImplementedError:
            results.append(f"{n.describe()} cannot notify")
    return results


def channel_for(level, base) -> Notifier:
    if level == "page":
        return WebhookNotifier(base, "pager")
    return ConsoleNotifier()


def escalate(level, base, message):
    # the receiver is typed by channel_for's return annotation: any member of the family
    return channel_for(level, base).notify(message)
