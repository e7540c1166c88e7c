import os

from alerts import broadcast, escalate, on_call
from notifiers import ConsoleNotifier, DisabledNotifier, LoudWebhookNotifier, WebhookNotifier


def main():
    base = os.environ["UNBLOCK_TEST_HTTP"]
    print("on call:", on_call(base))
    console = ConsoleNotifier()
    channels = [console, WebhookNotifier(base, "ops"), LoudWebhookNotifier(base, "pager"), DisabledNotifier()]
    for line in broadcast(channels, "disk full"):
        print(line)
    for level in ("page", "info"):
        print("escalate", level, "->", escalate(level, base, "cpu hot"))
    direct = WebhookNotifier(base, "direct")
    print("direct:", direct.notify("hello"))
    print("console kept:", console.sent)


if __name__ == "__main__":
    main()
