"""A leaderboard: names come from the user service, the order from the ranking service."""
import requests


class Board:
    def __init__(self, users_base, ranks_base):
        self.users_base = users_base
        self.ranks_base = ranks_base

    def display_name(self, user_id):
        resp = requests.get(f"{self.users_base}/users/{user_id}", timeout=5)
        resp.raise_for_status()
        return resp.json()["name"]

    def rank_key(self, user_id):
        # a sort key: sorted() calls it synchronously
        resp = requests.get(f"{self.ranks_base}/rank/{user_id}", timeout=5)
        resp.raise_for_status()
        return resp.json()["rank"]

    def ranked(self, ids):
        # one try guards a call that can migrate (display_name) and one that cannot (rank_key, a sort key)
        try:
            names = {user_id: self.display_name(user_id) for user_id in ids}
            order = sorted(ids, key=self.rank_key)
        except requests.HTTPError:
            return "failed: bad status"
        except requests.RequestException:
            return "failed: no answer"
        return [names[user_id] for user_id in order]

    def name_or_none(self, user_id):
        # only a call that can migrate is guarded here
        try:
            return self.display_name(user_id)
        except requests.RequestException:
            return None
