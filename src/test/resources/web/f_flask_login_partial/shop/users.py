from flask_login import UserMixin

from . import login


class User(UserMixin):
    def __init__(self, name):
        self.id = name


USERS = {"alice": User("alice")}


@login.user_loader
def load_user(user_id):
    return USERS.get(user_id)
