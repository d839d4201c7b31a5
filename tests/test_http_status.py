"""Statuses around Dash's catch-all route: real pages 200, unknown pages and ids 404, API and download
areas answer in their own format, and <html lang> names the page's language."""
import pytest

from dashboard.http_status import page_exists, with_html_lang


def test_page_exists_knows_the_registered_pages_and_the_indicator_ids(app):  # app: pages registered
    ids = {"pm25-annual-mean"}
    assert page_exists("/", lambda: ids) and page_exists("/data/", lambda: ids)
    assert page_exists("/indicator/pm25-annual-mean", lambda: ids)
    assert not page_exists("/indicator/nope", lambda: ids)
    assert not page_exists("/indicator/pm25-annual-mean/extra", lambda: ids)
    assert not page_exists("/wp-admin", lambda: ids)


def test_html_lang_follows_the_query():
    assert with_html_lang("<!DOCTYPE html>\n<html>\n<head>", "en") == '<!DOCTYPE html>\n<html lang="en">\n<head>'
    assert '<html lang="zh-Hans">' in with_html_lang("<html>", None)
    assert '<html lang="zh-Hans">' in with_html_lang("<html>", "<script>")


@pytest.fixture(scope="module")
def client(built_url):
    from dashboard.app import create_app
    return create_app(url=built_url).server.test_client()


@pytest.mark.parametrize("path, status, mimetype", [
    ("/?lang=en", 200, "text/html"),
    ("/indicator/hsr-intercity-rail-km", 200, "text/html"),
    ("/indicator/no-such-indicator", 404, "text/html"),
    ("/no/such/page", 404, "text/html"),
    ("/api/", 404, "application/json"),
    ("/api/no-such-thing", 404, "application/json"),
    ("/download/observations.txt", 404, "text/plain"),
    ("/download/", 404, "text/plain"),
])
def test_statuses(client, path, status, mimetype):
    response = client.get(path)
    assert (response.status_code, response.mimetype) == (status, mimetype), path


def test_pages_carry_their_language_and_a_named_title(client):
    page = client.get("/indicator/hsr-intercity-rail-km?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page
    # Dash sets document.title from this on load; link previews read it as is
    assert 'og:title" content="高铁、城际铁路里程 · High-speed and intercity rail length · 京津冀' in page


def test_wrong_method_on_the_api_is_json(client):
    response = client.post("/api/indicators")
    assert response.status_code == 405 and response.get_json() == {"error": "only GET allowed here"}
    assert "GET" in response.headers["Allow"]
    assert "POST" in client.put("/_dash-update-component").headers["Allow"]


def test_head_hears_what_get_would(client):
    assert client.head("/no/such/page").status_code == 404
    assert client.head("/download/nope").status_code == 404
    head, get = client.head("/?lang=en"), client.get("/?lang=en")
    assert head.status_code == 200 and head.headers["Content-Length"] == get.headers["Content-Length"]


def test_a_mounted_app_knows_its_pages(mounted_app):
    mounted = mounted_app.server.test_client()  # start-up rendered the index under /jjj/: it was 200
    assert mounted.get("/jjj/compare").status_code == 200 and mounted.get("/jjj/nope").status_code == 404
