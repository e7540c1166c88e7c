from service import UserService


class Report:
    def __init__(self, service: UserService):
        self.service = service

    def header(self):
        return f"report for {len(self.service.ids)} users"

    def lines(self):
        out = []
        for position, user in enumerate(self.service.ranked(), 1):
            out.append(f"{position}. {user['name']} score={user['score']}")
        return out


def build(ids):
    return Report(UserService(ids))
