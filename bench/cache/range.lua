-- wrk script: random 1 MiB ranges of one content, as players and web seeds ask for them.
local size = tonumber(os.getenv("SIZE"))
local mib = 1024 * 1024

request = function()
  local start = math.random(0, math.floor(size / mib) - 1) * mib
  return wrk.format("GET", nil, {["Range"] = "bytes=" .. start .. "-" .. (start + mib - 1)})
end
