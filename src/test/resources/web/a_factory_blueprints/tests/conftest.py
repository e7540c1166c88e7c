import pytest

from shop import create_app


@pytest.fixture
def app():
    app = create_app()
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def created(client):
    response = client.post("/items/", json={"name": "cup", "price": 3})
    yield response
