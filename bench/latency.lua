-- wrk script for plain GETs: prints p50/p99 (ms) and error counts in a line bench/run parses.
function done(summary, latency, requests)
  io.write(string.format("LAT p50=%.2f p99=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("ERR status=%d connect=%d read=%d timeout=%d\n", summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.timeout))
end
