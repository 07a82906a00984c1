# A webhook sink for the benchmark: answers 204 to every POST, counts them, prints the count on SIGTERM / every 5 s.
import sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
count = 0
lock = threading.Lock()
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        global count
        n = int(self.headers.get("content-length", 0)); self.rfile.read(n)
        with lock: count += 1
        self.send_response(204); self.send_header("content-length", "0"); self.end_headers()
    def log_message(self, *a): pass
srv = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H)
def report():
    while True:
        time.sleep(5); print(count, flush=True)
threading.Thread(target=report, daemon=True).start()
srv.serve_forever()
