import pytest

import weather


def greeting_of(city):
    # a helper pytest does not collect: it migrates with what it calls
    return weather.greeting(city)


def test_paris(paris):
    print("checked: paris says", paris)
    assert paris == "hello paris"


def test_helper():
    text = greeting_of("lima")
    print("checked: lima says", text)
    assert text == "hello lima"


@pytest.mark.parametrize("city", ["oslo", "rome"])
def test_each_city(city, cities):
    text = weather.greeting(city)
    print("checked:", city, "says", text)
    assert city in cities and text == "hello " + city


def test_shout():
    print("checked: shout", weather.shout("hi"))
    assert weather.shout("hi") == "HI"


def test_rank_with_a_stand_in(monkeypatch):
    monkeypatch.setattr(weather, "rank", lambda user_id: 42)
    print("checked: stand-in ranks", weather.ranks([1, 2]))
    assert weather.ranks([1, 2]) == [42, 42]


class TestRanks:
    def setup_method(self):
        self.ids = [3, 4]

    def test_ranks(self):
        ranks = weather.ranks(self.ids)
        print("checked: ranks", ranks)
        assert len(ranks) == 2
