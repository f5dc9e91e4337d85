"""The demo environment's runtime: a small HTTP service on loopback.

GET /health answers "ok" (what the health check looks for); GET / says which environment it is.
Usage: python3 service.py ENVIRONMENT PORT
"""
import http.server
import sys
import time

ENVIRONMENT = sys.argv[1]
PORT = int(sys.argv[2])
STARTED = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            body = b"ok\n"
        else:
            body = ("dayshift demo runtime of %s, up since %s\n" % (ENVIRONMENT, STARTED)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
