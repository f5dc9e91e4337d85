"""The demo environment's runtime: a small HTTP service on loopback.

GET /health answers "ok" (what the lifecycle's health check looks for); GET / says which environment
and release it is, with the status release.json (beside this file) gives: the demo week's release 2
answers 500 there while its health check still passes, which is what the demo's CloudWatch alarm sees.
Usage: python3 service.py ENVIRONMENT PORT
"""
import http.server
import json
import os
import sys
import time

ENVIRONMENT = sys.argv[1]
PORT = int(sys.argv[2])
STARTED = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "release.json")) as f:
    RELEASE = json.load(f)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status = 200
        if self.path == "/health":
            body = b"ok\n"
        else:
            status = int(RELEASE.get("homeStatus", 200))
            body = ("dayshift demo runtime of %s, release %s, up since %s\n"
                    % (ENVIRONMENT, RELEASE.get("release", "?"), STARTED)).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
