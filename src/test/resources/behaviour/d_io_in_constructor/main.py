import os

from app import build_app
from settings import Settings


def main():
    base = os.environ["UNBLOCK_TEST_HTTP"]
    app = build_app(base, "staging")
    print(app.banner())
    print("beta enabled:", app.settings.has("beta"))
    prod = Settings(base)
    print(prod.describe())
    print("reloaded features:", prod.reload())
    configs = [Settings(base, env) for env in ("dev", "prod")]
    print("names:", [c.name for c in configs])


if __name__ == "__main__":
    main()
