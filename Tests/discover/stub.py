#!/usr/bin/env python3
"""A loopback stand-in for the five sources `iicsa discover` asks, serving their real response
shapes (responses/, see responses/PROVENANCE.md) so that the HTTP client, paging, retries, the
rate limit, timeouts and errors run for real and no test reaches the internet.

One stub serves every test, each test under a scenario of its own: the first path segment names
the scenario, the second the source, so a test points its sources at
  IICSA_SOURCE_URL_WRITTEN_QUESTIONS=http://127.0.0.1:PORT/SCENARIO/written_questions, and so on.
A scenario is a token, then `~` and the behaviour of each source that is not `ok`:
  t1234~govuk=500~bills=429-once

  python3 stub.py [--log FILE]

prints `PORT` on its first line once listening, then serves until killed (Tests/run-all.sh starts
it and stops it). BEHAVIOUR is one of
  ok          the recorded responses (the default)
  429-once    the first request answers 429 with Retry-After: 1, later ones as ok
  500         every request answers 500
  down        every request is answered by closing the connection
  slow        every answer waits 5 seconds
  huge        a 10 MB body
  wrong-shape JSON of another shape (an object without the documented list)
  html        an HTML page with status 200, as Hansard answers an unknown route
  hostile     the recorded responses with a script tag, a bidirectional override and a link
              to another host planted in their titles and links
Every request is logged to FILE as one JSON line: scenario, source, path, query, User-Agent, time.
"""
import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
RESPONSES = os.path.join(HERE, "responses")

ROUTES = {
    ("written_questions", "/api/writtenquestions/questions"): ("written-questions/questions.json", "results"),
    ("written_questions", "/api/writtenstatements/statements"): ("written-questions/statements.json", "results"),
    ("bills", "/api/v1/Bills"): ("bills/bills.json", "items"),
    ("govuk", "/api/search.json"): ("govuk/search.json", "results"),
    ("legislation", "/search/data.feed"): ("legislation/feed.xml", None),
    ("hansard", "/search/debates.json"): ("hansard/debates.json", "Results"),
}

BIDI = "\u202e"


def load(name):
    with open(os.path.join(RESPONSES, name), "rb") as f:
        return f.read()


def hostile_json(source, data):
    """Plants hostile text in the first items of a parsed response."""
    items = data.get("results") or data.get("items") or data.get("Results") or []
    if not items:
        return data
    first = items[0].get("value", items[0])
    for key in ("heading", "title", "Title", "shortTitle"):
        if key in first:
            first[key] = "<script>alert('x')</script> " + first[key] + " | =HYPERLINK(\"http://evil.example\") # not: a key"
    if len(items) > 1:
        second = items[1].get("value", items[1])
        for key in ("heading", "title", "Title", "shortTitle"):
            if key in second:
                second[key] = "Reversed " + BIDI + "txt.exe" + " title"
    if source == "govuk":
        items[0]["link"] = "https://evil.example/government/news/x"
    return data


class Stub(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen = {}
    lock = threading.Lock()
    log = None

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="application/json", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (a body over its cap): what the test wants

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/", 3)
        scenario = urllib.parse.unquote(parts[1]) if len(parts) > 1 else ""
        source = parts[2] if len(parts) > 2 else ""
        path = "/" + (parts[3] if len(parts) > 3 else "")
        query = urllib.parse.parse_qs(url.query)
        modes = dict(item.split("=", 1) for item in scenario.split("~")[1:] if "=" in item)
        with Stub.lock:
            count = Stub.seen.get((scenario, source), 0) + 1
            Stub.seen[(scenario, source)] = count
            if Stub.log:
                with open(Stub.log, "a") as f:
                    f.write(json.dumps({"scenario": scenario, "source": source, "path": path, "query": query, "user_agent": self.headers.get("User-Agent"), "time": time.time()}) + "\n")
        mode = modes.get(source, "ok")
        if mode == "429-once" and count == 1:
            return self.send(429, b'{"error":"slow down"}', headers=[("Retry-After", "1")])
        if mode == "500":
            return self.send(500, b"internal error")
        if mode == "down":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if mode == "slow":
            time.sleep(5)
        if mode == "huge":
            return self.send(200, b"[" + b"0," * (5 << 20) + b"0]")
        if mode == "wrong-shape":
            return self.send(200, b'{"message": "moved", "data": []}')
        if mode == "html":
            return self.send(200, b"<!DOCTYPE html><html><body>Not found</body></html>", "text/html")
        if source == "bills" and path.startswith("/api/v1/Bills/") and path.endswith("/Stages"):
            return self.send(200, self.page(source, load("bills/stages.json"), "items", query, mode))
        route = ROUTES.get((source, path))
        if route is None:
            return self.send(404, b'{"error":"no such route"}')
        name, key = route
        body = load(name)
        if key is None:
            if mode == "hostile":
                body = body.replace(b"<title>The Police", b"<title>&lt;script&gt;alert(1)&lt;/script&gt; The Police", 1)
            return self.send(200, body, "application/atom+xml")
        return self.send(200, self.page(source, body, key, query, mode))

    def page(self, source, body, key, query, mode):
        """The recorded list, cut by the request's skip and take, as the APIs page."""
        data = json.loads(body)
        if mode == "hostile":
            data = hostile_json(source, data)
        lowered = {k.lower(): v for k, v in query.items()}
        skip = int((lowered.get("skip") or lowered.get("start") or lowered.get("queryparameters.skip") or ["0"])[0])
        take = int((lowered.get("take") or lowered.get("count") or lowered.get("queryparameters.take") or ["20"])[0])
        data[key] = data[key][skip:skip + take]
        return json.dumps(data).encode()


def main():
    args = sys.argv[1:]
    while args:
        flag = args.pop(0)
        if flag == "--log":
            Stub.log = args.pop(0)
        else:
            sys.exit("unknown argument " + flag)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
