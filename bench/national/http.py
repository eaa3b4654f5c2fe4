"""A browser over keep-alive HTTP (cookies, the form's CSRF token) and the load generator:
Debian's wrk when installed, else threads with keep-alive connections."""
import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class Browser:
    def __init__(self, port, cookies=None):
        self.port, self.cookies, self.token, self.conn = port, dict(cookies or {}), None, None

    def request(self, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({**form, "csrf_token": self.token or ""})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # gunicorn's sync workers close the connection after each response
            conn = self.conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                page = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        self.conn = None if response.will_close else conn
        if response.will_close:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        found = TOKEN.search(page)
        self.token = found.group(1) if found else self.token
        return response.status, page

    def login(self, username, password):
        self.request("GET", "/login")
        status, _ = self.request("POST", "/login", {"username": username, "password": password})
        return status

    @property
    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


@dataclass
class Result:
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int  # responses other than 2xx/3xx, and socket errors


def run_load(url, seconds, connections=16, cookie=None):
    return wrk(url, seconds, connections, cookie) if shutil.which("wrk") else threads(url, seconds, connections,
                                                                                       cookie)


def generator_name():
    return "wrk" if shutil.which("wrk") else "Python threads (keep-alive)"


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def wrk(url, seconds, connections, cookie):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s", url]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def latency(label):
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M).groups()
        return float(value) * UNITS[unit]

    def count(pattern):
        found = re.search(pattern, out)
        return int(found.group(1)) if found else 0

    errors = count(r"Non-2xx or 3xx responses: (\d+)")
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return Result(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), latency("50%"), latency("99%"),
                  errors)


def threads(url, seconds, connections, cookie):
    port, path = int(url.split(":")[2].split("/")[0]), "/" + url.split("/", 3)[3]
    latencies, errors = [], []
    deadline = time.perf_counter() + seconds

    fixed = dict(part.split("=", 1) for part in cookie.split("; ")) if cookie else {}

    def loop():
        browser = Browser(port)
        while time.perf_counter() < deadline:
            browser.cookies = dict(fixed)  # a fixed cookie, as wrk sends it
            start = time.perf_counter()
            try:
                status = browser.request("GET", path)[0]
            except OSError:
                status = 599
            latencies.append((time.perf_counter() - start) * 1000)
            if status >= 400:
                errors.append(status)

    workers = [threading.Thread(target=loop) for _ in range(connections)]
    started = time.perf_counter()
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return Result(len(latencies) / elapsed, statistics.median(latencies),
                  latencies[max(0, int(len(latencies) * 0.99) - 1)], len(errors))

