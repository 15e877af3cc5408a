-- wrk script: compact announces over many info-hashes, as a busy tracker sees them.
-- The info-hashes are read from hashes.txt (40 hex digits a line), which the run script writes
-- and also hands to opentracker as its whitelist.
local hashes = {}

local function percent(hex)
  return (hex:gsub("..", function(b) return "%" .. b end))
end

for line in io.lines(os.getenv("HASHES") or "hashes.txt") do
  hashes[#hashes + 1] = percent(line)
end

local counter = 0

-- A fixed population of peers re-announcing, as on a live tracker: peer i always announces
-- info-hash i mod #hashes from the same port, so swarms hold about 10 peers each.
local population = 100000

request = function()
  counter = counter + 1
  local i = math.random(population) - 1
  local h = hashes[(i % #hashes) + 1]
  local peer = string.format("-WW0001-%012d", i)
  local port = 1024 + (i % 60000)
  local left = (i % 4 == 0) and 0 or 1000000
  local path = "/announce?info_hash=" .. h .. "&peer_id=" .. peer .. "&port=" .. port ..
      "&uploaded=0&downloaded=0&left=" .. left .. "&compact=1&numwant=50"
  return wrk.format("GET", path)
end
