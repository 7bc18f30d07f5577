#!/usr/bin/env python3
"""zeep (requests, threads) as the load client of tests/benches/server_load.rs.

One zeep client for the agent's WSDL, its service bound to --url, called from
--concurrency threads in a loop for --seconds after a warm-up. Prints one JSON line:
calls, calls_per_s, p50_ms, p99_ms, peak_rss_kib (ru_maxrss).
"""

import argparse
import json
import resource
import threading
import time

import requests
import zeep
from zeep.transports import Transport

NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--wsdl", required=True)
    p.add_argument("--call", required=True)
    p.add_argument("--concurrency", type=int, required=True)
    p.add_argument("--seconds", type=float, required=True)
    a = p.parse_args()

    session = requests.Session()
    # One pooled connection per thread, as the sogen client has.
    adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=a.concurrency)
    session.mount("http://", adapter)
    client = zeep.Client(a.wsdl, transport=Transport(session=session))
    service = client.create_service("{%s}BasicHttpBinding_Chat" % NS, a.url + "Chat.svc")

    def one():
        if a.call == "GetChatMessages":
            r = service.GetChatMessages(1, 0)
            assert len(r.body.Response.ChatMessage) == 100
        else:
            service.DeleteChatSessionEntity(1)

    warm = [threading.Thread(target=one) for _ in range(a.concurrency)]
    for t in warm:
        t.start()
    for t in warm:
        t.join()

    latencies = []
    lock = threading.Lock()
    end = time.perf_counter() + a.seconds

    def loop():
        mine = []
        while time.perf_counter() < end:
            t = time.perf_counter()
            one()
            mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)

    start = time.perf_counter()
    threads = [threading.Thread(target=loop) for _ in range(a.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(q):
        return latencies[min(int(len(latencies) * q), len(latencies) - 1)] * 1000.0

    print(json.dumps({
        "calls": len(latencies),
        "calls_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(pct(0.5), 3),
        "p99_ms": round(pct(0.99), 3),
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))


if __name__ == "__main__":
    main()
