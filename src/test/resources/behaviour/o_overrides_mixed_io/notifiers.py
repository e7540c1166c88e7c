"""Notification channels: one base class, overrides that do I/O and overrides that do not."""
import requests


class Notifier:
    def notify(self, message):
        raise NotImplementedError

    def describe(self):
        return type(self).__name__


class ConsoleNotifier(Notifier):
    def __init__(self):
        self.sent = []

    def notify(self, message):
        self.sent.append(message)
        return f"console got {len(message)} chars"


class WebhookNotifier(Notifier):
    def __init__(self, base, channel):
        self.base = base
        self.channel = channel

    def notify(self, message):
        resp = requests.post(f"{self.base}/echo/hooks/{self.channel}", json={"text": message}, timeout=5)
        return f"webhook {self.channel} -> {resp.status_code} {resp.json()['body']['text']}"


class LoudWebhookNotifier(WebhookNotifier):
    def notify(self, message):
        return super().notify(message.upper() + "!")


class DisabledNotifier(Notifier):
    pass
