def test_me_redirects_to_the_login_form(client):
    response = client.get("/account/me")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Faccount%2Fme"


def test_login_then_me(client):
    assert client.post("/login", data={"username": "alice"}).status_code == 302
    assert client.get("/account/me").get_json() == {"user": "alice"}


def test_items(client):
    assert client.get("/api/items/").get_json() == {"items": ["pen", "ink", "cup"]}
