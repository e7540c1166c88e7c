from settings import Settings


class App:
    def __init__(self, settings):
        # only stores what it is given: stays a plain constructor
        self.settings = settings

    def banner(self):
        return "app " + self.settings.describe()


def build_app(base, env):
    return App(Settings(base, env))
