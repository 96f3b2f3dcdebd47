"""A stand-in for Prometheus' HTTP API on loopback, for `migctl advise
--prometheus`: answers /api/v1/query_range for the dcgm-exporter metrics of
job 7 (a job of 3 GB that keeps 20 % of an H100's SMs busy), nothing for
other jobs, and a Prometheus-style error for a malformed query.

Usage: fake_prometheus.py PORTFILE QUERYLOG
Binds 127.0.0.1 on a free port, writes the port to PORTFILE, logs each
query string to QUERYLOG, and serves until killed (or 120 s pass).
"""
import json
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

SERIES = {
    "DCGM_FI_DEV_FB_USED": lambda i: 2000 + min(i, 10) * 100,
    "DCGM_FI_DEV_FB_FREE": lambda i: 81559 - 2000 - min(i, 10) * 100,
    "DCGM_FI_PROF_SM_ACTIVE": lambda i: 0.2 if i % 2 else 0.19,
    "DCGM_FI_DEV_POWER_USAGE": lambda i: 180.0,
}
LABELS = {"gpu": "0", "UUID": "GPU-7b1f0c2e-1111-2222-3333-444455556666", "device": "nvidia0",
          "modelName": "NVIDIA H100 80GB HBM3", "Hostname": "node1"}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, code, doc):
        body = json.dumps(doc).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(url.query)
        with open(sys.argv[2], "a") as log:
            log.write(url.path + "?" + url.query + "\n")
        m = re.fullmatch(r'(\w+)\{hpc_job="([^"]*)"\}', q.get("query", [""])[0])
        if url.path != "/api/v1/query_range" or not m:
            return self.answer(400, {"status": "error", "errorType": "bad_data",
                                     "error": "unknown query"})
        metric, job = m.groups()
        start, end, step = (float(q[k][0]) for k in ("start", "end", "step"))
        result = []
        if job == "7" and metric in SERIES:
            n = int((end - start) / step) + 1
            values = [[start + i * step, str(SERIES[metric](i))] for i in range(n)]
            result.append({"metric": dict(LABELS, __name__=metric, hpc_job=job),
                           "values": values})
        self.answer(200, {"status": "success",
                          "data": {"resultType": "matrix", "result": result}})


server = HTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
threading.Timer(120, server.shutdown).start()
server.serve_forever()
