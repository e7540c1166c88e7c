from api import fetch_rank, fetch_user


def initials(name):
    return "".join(part[0].upper() for part in name.split("-"))


class UserService:
    def __init__(self, ids):
        self.ids = list(ids)
        self.cache = {}

    def get(self, user_id):
        if user_id not in self.cache:
            self.cache[user_id] = fetch_user(user_id)
        return self.cache[user_id]

    def load_all(self):
        return [self.get(user_id) for user_id in self.ids]

    def ranked(self):
        users = self.load_all()
        return sorted(users, key=fetch_rank)

    def initials(self):
        users = self.load_all()
        return list(map(initials, [user["name"] for user in users]))
