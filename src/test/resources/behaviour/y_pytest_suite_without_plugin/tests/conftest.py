import pytest

import weather


@pytest.fixture
def paris():
    return weather.greeting("paris")


@pytest.fixture(scope="module")
def cities():
    return ["oslo", "rome"]


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.name)
