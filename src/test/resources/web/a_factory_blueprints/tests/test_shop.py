import json


def test_index(client):
    rv = client.get("/")
    assert rv.status_code == 200
    assert rv.get_json() == {"service": "shop", "version": 2, "lower": None}


def test_bad_page_falls_back(client):
    rv = client.get("/items/", query_string={"page": "x", "size": "1"})
    assert rv.json["page"] == 1
    assert len(rv.json["items"]) == 1


def test_created_item_has_a_location(created):
    assert created.status_code == 201
    assert created.headers["Location"].startswith("/items/")
    assert json.loads(created.data)["name"] == "cup"


def test_missing_slash_redirects(client):
    rv = client.get("/health")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://localhost/health/"


def test_form_of_tags(client):
    rv = client.post("/people/ann/tags", data=json.dumps({"tags": ["a"]}), content_type="application/json")
    assert rv.status_code == 201
    assert rv.get_data(as_text=True).startswith("{")


def test_unknown_item_cannot_be_bought(client):
    rv = client.post("/items/9/buy")
    assert rv.status_code == 404
    assert rv.get_json() == {"error": "not found"}
