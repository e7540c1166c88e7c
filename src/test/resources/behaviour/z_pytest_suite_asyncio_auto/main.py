"""Looks up a few users, then runs the pytest suite (see run_suite.py)."""
import run_suite
import users


def main():
    print("user 7:", users.name(7))
    run_suite.main()


if __name__ == "__main__":
    main()
