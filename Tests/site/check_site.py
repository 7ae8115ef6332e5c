"""Checks a site built by `iicsa site` as a reader's browser would (issue 16).

    python3 Tests/site/check_site.py SITE_DIR [--axe] [--page PATH ...]

1. Crawl: every HTML file parses as HTML5 without a parse error (html5lib), has lang="en-GB" and
   one h1; every internal link and anchor resolves to a file of the site (a folder to its
   index.html); nothing is loaded from elsewhere (no script, no external style, image or font).
2. With --axe: one page of every kind, served over HTTP, is opened in headless Chromium
   (selenium, chromium-driver) and checked by axe-core (axe-selenium-python) against WCAG 2.0,
   2.1 and 2.2 A and AA, at desktop and phone width: zero violations.

Exits 0 when everything holds, 1 with every problem listed otherwise.
"""

import argparse
import functools
import importlib.util
import json
import http.server
import os
import sys
import threading
import urllib.parse

import html5lib

PROBLEMS = []


def problem(text):
    PROBLEMS.append(text)


def pages(root):
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".html"):
                yield os.path.relpath(os.path.join(folder, name), root)


def parse(path):
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    with open(path, "rb") as file:
        document = parser.parse(file.read())
    return document, parser.errors


def target_of(page, href, root):
    """The file an internal link points to, and its anchor; None for an outside address."""
    parts = urllib.parse.urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    base = os.path.dirname(page)
    path = urllib.parse.unquote(parts.path)
    if path == "":
        resolved = page
    else:
        resolved = os.path.normpath(os.path.join(base, path))
        if path.endswith("/") or os.path.isdir(os.path.join(root, resolved)):
            resolved = os.path.join(resolved, "index.html")
    return resolved, parts.fragment


def crawl(root):
    ids = {}
    links = []
    for page in sorted(pages(root)):
        document, errors = parse(os.path.join(root, page))
        for position, code, data in errors:
            problem(f"{page}: HTML parse error {code} at {position} {data}")
        html = document if document.tag == "html" else document.find(".//html")
        if html is None or html.get("lang") != "en-GB":
            problem(f"{page}: no <html lang=\"en-GB\">")
        if len(document.findall(".//h1")) != 1:
            problem(f"{page}: {len(document.findall('.//h1'))} h1 elements, not one")
        if document.findall(".//script"):
            problem(f"{page}: holds a script")
        for tag, attribute in (("img", "src"), ("link", "href"), ("iframe", "src"), ("source", "src")):
            for element in document.findall(f".//{tag}"):
                value = element.get(attribute, "")
                if value and not value.startswith("data:"):
                    problem(f"{page}: loads {value} ({tag})")
        ids[page] = {element.get("id") for element in document.iter() if element.get("id")}
        for element in document.findall(".//a"):
            href = element.get("href")
            if href is None:
                continue
            if href.lower().startswith(("javascript:", "data:", "vbscript:")):
                problem(f"{page}: a link to {href}")
            links.append((page, href))
    checked = 0
    for page, href in links:
        if page == "404.html" and href.startswith("/"):
            continue  # served from any folder: its links start at the host's root
        target = target_of(page, href, root)
        if target is None:
            continue
        path, anchor = target
        checked += 1
        if not os.path.isfile(os.path.join(root, path)):
            problem(f"{page}: link {href} points to {path}, which does not exist")
        elif anchor and path.endswith(".html") and anchor not in ids.get(path, set()):
            problem(f"{page}: link {href}: no id '{anchor}' in {path}")
    print(f"crawl: {len(ids)} pages parsed, {checked} internal links resolved")


def kinds(root, extra=()):
    """One page of every kind, as served paths, and any asked for."""
    chosen = list(extra) + ["", "about/", "pledges/", "alerts/", "months/", "recommendations/", "statements/", "404.html"]
    for folder in ("recommendations", "statements", "months"):
        entries = sorted(name for name in os.listdir(os.path.join(root, folder)) if os.path.isdir(os.path.join(root, folder, name)))
        if entries:
            chosen.append(f"{folder}/{entries[len(entries) // 2]}/")
    if os.path.isdir(os.path.join(root, "recommendations/iicsa-13")):
        chosen.append("recommendations/iicsa-13/")
    return chosen


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root):
    handler = functools.partial(QuietHandler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def axe_script():
    """The newest axe-core at hand. axe-selenium-python bundles axe 3.1, which predates WCAG 2.1's
    and 2.2's rules; axe-playwright-python (installed without Playwright) ships a current one."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec and spec.submodule_search_locations:
        path = os.path.join(spec.submodule_search_locations[0], "axe.min.js")
        if os.path.exists(path):
            return path
    return None


def axe_check(root, extra=()):
    from axe_selenium_python import Axe
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    binary = next((path for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(path)), None)
    if binary:
        options.binary_location = binary
    driver_path = next((path for path in ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver") if os.path.exists(path)), None)
    driver = webdriver.Chrome(service=Service(driver_path) if driver_path else None, options=options)
    # axe walks every node: a long page on a slow, shared machine takes a while.
    driver.set_script_timeout(600)
    server = serve(root)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
    script = axe_script()
    version = driver.execute_script("return navigator.userAgent")
    checked = 0
    try:
        for width, height in ((1280, 900), (390, 844)):
            driver.set_window_size(width, height)
            for path in kinds(root, extra):
                driver.get(base + path)
                axe = Axe(driver, script_url=script) if script else Axe(driver)
                axe.inject()
                # axe.run(options) alone would take the options for a context; give the document.
                results = json.loads(driver.execute_script(
                    "return axe.run(document, arguments[0]).then(r => JSON.stringify(r))",
                    {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}))
                checked += 1
                for violation in results["violations"]:
                    nodes = "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:3])
                    problem(f"axe {width}px {path or '/'}: {violation['id']} ({violation['impact']}): {violation['help']} at {nodes}")
    finally:
        driver.quit()
        server.shutdown()
    print(f"axe ({os.path.basename(os.path.dirname(script)) if script else 'axe-selenium-python'}'s axe-core): "
          f"{checked} page views in {version.split(')')[-1].strip()} against {', '.join(tags)}")


def main():
    arguments = argparse.ArgumentParser(description="Check a site built by iicsa site.")
    arguments.add_argument("site")
    arguments.add_argument("--axe", action="store_true", help="also run axe-core in headless Chromium")
    arguments.add_argument("--page", action="append", default=[], help="a page to check with axe besides one of every kind")
    options = arguments.parse_args()
    crawl(options.site)
    if options.axe:
        axe_check(options.site, options.page)
    for text in PROBLEMS:
        print(text, file=sys.stderr)
    if PROBLEMS:
        print(f"check_site: {len(PROBLEMS)} problem(s)", file=sys.stderr)
        return 1
    print("check_site: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
