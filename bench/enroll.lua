-- wrk script: POST /api/enrollments with a unique idempotency key and email per request (the pending cap is per
-- email), the same body shape Academy and the peer both accept. COURSE_ID comes from the environment.
local course = os.getenv("COURSE_ID")
local counter = 0
local tid = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  tid = tonumber(wrk.thread:get("tid")) or 1
  math.randomseed(os.time() * 1000 + tid)
  run = math.random(0, 0xffffff)
end

function request()
  counter = counter + 1
  local key = string.format("%08x-%04x-4%03x-a%03x-%012x", run, tid, 0, 0, counter)
  local body = string.format('{"full_name":"Bench Applicant","wa_number":"+6281234567890","email":"b%x.%d.%d@bench.test",'
    .. '"course_id":"%s","experience_level":"beginner","consent":true,"captcha_token":"bench","idempotency_key":"%s"}',
    run, tid, counter, course, key)
  return wrk.format("POST", "/api/enrollments", {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  io.write(string.format("LAT p50=%.2f p99=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  local non2xx = summary.errors.status
  io.write(string.format("ERR status=%d connect=%d read=%d timeout=%d\n", non2xx, summary.errors.connect,
    summary.errors.read, summary.errors.timeout))
end
