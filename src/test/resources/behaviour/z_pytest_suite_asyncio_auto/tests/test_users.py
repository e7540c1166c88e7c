import unittest

import pytest

import users


@pytest.fixture
def first():
    return users.name(1)


def test_first(first):
    print("checked: first user is", first)
    assert first


def test_settle():
    print("checked:", users.settle())
    assert users.settle() == "settled"


class TestNames:
    def test_two_names_differ(self):
        a, b = users.name(2), users.name(3)
        print("checked: users 2 and 3 are", a, "and", b)
        assert a != b


class NamesCase(unittest.TestCase):
    """pytest runs unittest test cases too."""

    def setUp(self):
        self.last = users.name(100)

    def test_last(self):
        print("checked: last user is", self.last)
        self.assertTrue(self.last)
