from app import app


def test_user_is_read_from_upstream():
    with app.test_client() as client:
        first = client.get("/users/3")
        again = client.get("/users/3")
    assert first.status_code == again.status_code == 200
    assert first.get_json()["id"] == 3


def test_missing_user():
    with app.test_client() as client:
        rv = client.get("/users/999")
    assert rv.status_code == 404
    assert rv.json == {"error": "missing", "status": 404}
