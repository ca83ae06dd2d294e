-- key.lua: workload B of bench/run.sh in Lua 5.4 (native 64-bit integers).
--
-- The indicative key of the enacted Spreidingswet (bench/key.vdl) swept over
-- BO = FROM..TO; prints the same CSV as `verdeel sweep` (see key_ref.c for
-- the integer formula: q = (2*BO*W + S) // (2*S), W = (1000 + ses) * pop).
-- Every value is a Lua 5.4 integer subtype; `//` on integers is exact
-- floor division.  No floats anywhere.
--
-- usage: lua5.4 key.lua GEMEENTEN.csv SES.csv FROM TO

local gem_path, ses_path, from, to = arg[1], arg[2], math.tointeger(tonumber(arg[3])), math.tointeger(tonumber(arg[4]))
assert(gem_path and ses_path and from and to, "usage: lua5.4 key.lua GEMEENTEN.csv SES.csv FROM TO")

-- One CSV record (RFC 4180 quotes, no newline inside a field) -> fields.
local function split(line)
  line = line:gsub("\r$", "")
  local f, i, n = {}, 1, #line
  while true do
    if line:sub(i, i) == '"' then
      local buf, j = {}, i + 1
      while true do
        local q = line:find('"', j, true)
        assert(q, "unterminated quote")
        buf[#buf + 1] = line:sub(j, q - 1)
        if line:sub(q + 1, q + 1) == '"' then buf[#buf + 1] = '"'; j = q + 2
        else i = q + 1; break end
      end
      f[#f + 1] = table.concat(buf)
      if i > n then return f end
      assert(line:sub(i, i) == ",", "text after a quoted field")
      i = i + 1
    else
      local c = line:find(",", i, true)
      if not c then f[#f + 1] = line:sub(i); return f end
      f[#f + 1] = line:sub(i, c - 1)
      i = c + 1
    end
  end
end

local function read_csv(path)
  local fh = assert(io.open(path, "r"))
  local header = split(fh:read("l"))
  local idx = {}
  for k, name in ipairs(header) do idx[name] = k end
  local rows = {}
  for line in fh:lines() do rows[#rows + 1] = split(line) end
  fh:close()
  return idx, rows
end

-- A decimal with at most 3 decimals, in thousandths, exactly.
local function milli(s)
  local sign, ip, fp = s:match("^([+-]?)(%d+)%.?(%d*)$")
  assert(ip and #fp <= 3, "not a decimal with at most 3 decimals: " .. s)
  local v = math.tointeger(tonumber(ip)) * 1000 + math.tointeger(tonumber((fp .. "000"):sub(1, 3)))
  return sign == "-" and -v or v
end

local gi, grows = read_csv(gem_path)
local si, srows = read_csv(ses_path)
local ses = {}
for _, r in ipairs(srows) do ses[r[si.gm_code]] = milli(r[si.ses_woa]) end

local pnames, pseen = {}, {}
for _, r in ipairs(grows) do
  local p = r[gi.province]
  if not pseen[p] then pseen[p] = true; pnames[#pnames + 1] = p end
end
table.sort(pnames)                      -- byte order, as verdeel's groups
local pidx = {}
for k, p in ipairs(pnames) do pidx[p] = k end

local W, P, n, S = {}, {}, 0, 0
for _, r in ipairs(grows) do
  local s = assert(ses[r[gi.gm_code]], "no ses_woa for " .. r[gi.gm_code])
  local pop = assert(math.tointeger(tonumber(r[gi.population_2023_01_01])))
  n = n + 1
  W[n] = (1000 + s) * pop
  P[n] = pidx[r[gi.province]]
  S = S + W[n]
  assert(W[n] >= 0 and W[n] < 1 << 40, "weight out of range")
end
assert(from >= 0 and to < 1 << 20, "BO out of range")
local S2 = 2 * S
local np = #pnames

local out = io.stdout
out:setvbuf("full", 1 << 20)
local head = { "BO" }
for k, p in ipairs(pnames) do head[k + 1] = "opgave@" .. p end
head[np + 2] = "afrondingsverschil"
out:write(table.concat(head, ","), "\n")

local sum, line = {}, {}
for bo = from, to do
  for p = 1, np do sum[p] = 0 end
  local b2 = 2 * bo
  for i = 1, n do
    local p = P[i]
    sum[p] = sum[p] + (b2 * W[i] + S) // S2
  end
  local total = 0
  line[1] = bo
  for p = 1, np do line[p + 1] = sum[p]; total = total + sum[p] end
  line[np + 2] = total - bo
  out:write(table.concat(line, ","), "\n")
end
out:flush()
