"""Bench reference: pymodbus's own synchronous client reading the same registers back-to-back.

Usage: /usr/bin/python3 pymodbus_client.py PORT REGISTERS WARMUP_S DURATION_S
Reads holding registers 0..REGISTERS-1 in requests of at most 125, one poll after the other, and prints one JSON
line: polls, errors, seconds, p50_us, p99_us (latency of one poll, all its requests).
"""
import json
import sys
import time

from pymodbus.client import ModbusTcpClient

MAX_PER_REQUEST = 125


def poll(client, registers):
    start = 0
    ok = True
    while start < registers:
        count = min(MAX_PER_REQUEST, registers - start)
        reply = client.read_holding_registers(start, count, slave=1)
        if reply.isError() or len(reply.registers) != count:
            ok = False
        start += count
    return ok


def main():
    port, registers = int(sys.argv[1]), int(sys.argv[2])
    warmup, duration = float(sys.argv[3]), float(sys.argv[4])
    client = ModbusTcpClient("127.0.0.1", port=port, timeout=3)
    if not client.connect():
        print(json.dumps({"error": "cannot connect to 127.0.0.1:%d" % port}))
        return 1
    end_warmup = time.perf_counter() + warmup
    while time.perf_counter() < end_warmup:
        poll(client, registers)
    latencies = []
    errors = 0
    begin = time.perf_counter()
    end = begin + duration
    now = begin
    while now < end:
        t0 = time.perf_counter()
        if not poll(client, registers):
            errors += 1
        now = time.perf_counter()
        latencies.append(now - t0)
    seconds = now - begin
    client.close()
    latencies.sort()
    n = len(latencies)
    print(json.dumps({
        "polls": n,
        "errors": errors,
        "seconds": seconds,
        "p50_us": latencies[n // 2] * 1e6 if n else None,
        "p99_us": latencies[min(n - 1, int(n * 0.99))] * 1e6 if n else None,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
