-- The dashboard query mix for wrk: POSTs the GraphQL bodies of the file named by $BODIES (one
-- JSON body a line) in turn, each connection starting at another one. A response that is not
-- 200 or that holds "errors" counts as an error. Prints one parseable line at the end:
--   wrk-result requests=N seconds=S rps=R p50_ms=X p99_ms=Y errors=E
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bodies = {}
  for line in io.lines(os.getenv("BODIES")) do
    if #line > 0 then table.insert(bodies, line) end
  end
  counter = math.random(#bodies)
  errors = 0
  path = os.getenv("GRAPHQL_PATH") or "/graphql"
end

function request()
  counter = counter % #bodies + 1
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, bodies[counter])
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    errors = errors + 1
    if errors == 1 then io.stderr:write("first error: ", status, " ", string.sub(body, 1, 300), "\n") end
  end
end

function done(summary, latency, requests)
  local errs = 0
  for _, t in ipairs(threads) do errs = errs + (t:get("errors") or 0) end
  local secs = summary.duration / 1e6
  io.write(string.format(
    "wrk-result requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d socket_errors=%d\n",
    summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errs + summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
