def test_items(client):
    response = client.get("/api/items/?limit=1")
    assert response.status_code == 200
    assert response.get_json() == {"items": [{"id": 1, "name": "pen"}]}


def test_bad_id_is_404(client):
    assert client.get("/api/items/x").status_code == 404


def test_me_needs_the_token(client):
    assert client.get("/account/me").status_code == 401
    assert client.get("/account/me", headers={"X-Token": "t0ken"}).get_json() == {"user": "alice"}


def test_visits_count(client):
    assert client.get("/visits").get_json() == {"visits": 1}
    assert client.get("/visits").get_json() == {"visits": 2}


def test_index_redirects_to_the_items(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/api/items/"
