-- Replays the requests of a file at random, one per line: method, path, bearer token, body
-- (tab-separated; token and body may be empty). A second argument, in ms, makes each connection
-- wait that long on average after a response before its next request (wrk's delay(); latency
-- excludes it), drawn at random between none and twice that: a fixed wait would keep connections
-- that started together arriving together, a burst every period rather than a steady rate.
-- Prints the run as one JSON line when done.
local requests = {}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + thread_number)
  for line in io.lines(args[1]) do
    local method, path, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    local headers = {}
    if token ~= "" then headers["Authorization"] = "Bearer " .. token end
    if body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
  local think = tonumber(args[2])
  -- Defined only when asked: wrk times every request through delay() once a script has one.
  if think then delay = function() return math.random(0, 2 * think) end end
end

function request()
  return requests[math.random(#requests)]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,' ..
    '"statusErrors":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
