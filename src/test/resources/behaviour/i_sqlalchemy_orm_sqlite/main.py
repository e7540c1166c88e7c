import os

import repo
from db import create_schema


def fresh_database():
    if os.path.exists("library.db"):
        os.remove("library.db")


def main():
    fresh_database()
    create_schema()
    first = repo.add_book("Knuth", "The Art of Computer Programming", 1968)
    repo.add_book("Dijkstra", "A Discipline of Programming", 1976)
    repo.add_book("Knuth", "Concrete Mathematics", 1989)
    repo.add_book("Turing", "On Computable Numbers", 1936)
    print("knuth:", repo.titles_by("Knuth"))
    print("first since 1970:", repo.first_by(1970))
    print("counts:", repo.count_books())
    print("renamed:", repo.rename(first, "TAOCP"))
    print("raw:", repo.raw_titles())


if __name__ == "__main__":
    main()
