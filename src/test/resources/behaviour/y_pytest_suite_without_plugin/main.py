"""Greets a few cities and ranks a few users, then runs the pytest suite (see run_suite.py)."""
import run_suite
import weather


def main():
    print("paris:", weather.greeting("paris"))
    print("ranks:", weather.ranks([1, 2, 3]))
    run_suite.main()


if __name__ == "__main__":
    main()
