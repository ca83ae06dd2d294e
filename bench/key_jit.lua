-- key_jit.lua: workload B of bench/run.sh in LuaJIT, with FFI int64_t.
--
-- The indicative key of the enacted Spreidingswet (bench/key.vdl) swept over
-- BO = FROM..TO; prints the same CSV as `verdeel sweep` (integer formula as
-- in key_ref.c: q = (2*BO*W + S) / (2*S), W = (1000 + ses) * pop).
-- LuaJIT has no native 64-bit integers (its numbers are doubles), so every
-- value of the key lives in FFI int64_t: the weights in an int64_t[] array,
-- S, 2*BO and the provincial sums as int64_t cdata (`/` on int64_t is C's
-- integer division, exact and, for these positive operands, the floor).
-- The JIT compiles this to plain 64-bit integer code.  Only the finished
-- integers are converted with tonumber() to be printed (all < 2^53, exact).
--
-- usage: luajit key_jit.lua GEMEENTEN.csv SES.csv FROM TO

local ffi = require("ffi")

local gem_path, ses_path, from, to = arg[1], arg[2], tonumber(arg[3]), tonumber(arg[4])
assert(gem_path and ses_path and from and to, "usage: luajit key_jit.lua GEMEENTEN.csv SES.csv FROM TO")

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
  local header = split(fh:read("*l"))
  local idx = {}
  for k, name in ipairs(header) do idx[name] = k end
  local rows = {}
  for line in fh:lines() do rows[#rows + 1] = split(line) end
  fh:close()
  return idx, rows
end

-- A decimal with at most 3 decimals, in thousandths, exactly, as int64_t.
local function milli(s)
  local sign, ip, fp = s:match("^([+-]?)(%d+)%.?(%d*)$")
  assert(ip and #fp <= 3, "not a decimal with at most 3 decimals: " .. s)
  local v = ffi.new("int64_t", tonumber(ip)) * 1000LL + tonumber((fp .. "000"):sub(1, 3))
  if sign == "-" then v = -v end
  return v
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
for k, p in ipairs(pnames) do pidx[p] = k - 1 end
local np = #pnames

local n = #grows
local W = ffi.new("int64_t[?]", n)
local P = ffi.new("int32_t[?]", n)
local S = 0LL
for i, r in ipairs(grows) do
  local s = assert(ses[r[gi.gm_code]], "no ses_woa for " .. r[gi.gm_code])
  local pop = ffi.new("int64_t", assert(tonumber(r[gi.population_2023_01_01])))
  local w = (1000LL + s) * pop
  assert(w >= 0LL and w < 2LL ^ 40, "weight out of range")
  W[i - 1] = w
  P[i - 1] = pidx[r[gi.province]]
  S = S + w
end
assert(from >= 0 and to < 2 ^ 20 and from == math.floor(from) and to == math.floor(to), "BO out of range")
local S2 = 2LL * S

local out = io.stdout
out:setvbuf("full", 1048576)
local head = { "BO" }
for k, p in ipairs(pnames) do head[k + 1] = "opgave@" .. p end
head[np + 2] = "afrondingsverschil"
out:write(table.concat(head, ","), "\n")

local sum = ffi.new("int64_t[?]", np)
local line = {}
for bo = from, to do
  ffi.fill(sum, np * 8)
  local bo64 = ffi.new("int64_t", bo)
  local b2 = 2LL * bo64
  for i = 0, n - 1 do
    local p = P[i]
    sum[p] = sum[p] + (b2 * W[i] + S) / S2
  end
  local total = 0LL
  line[1] = bo
  for p = 0, np - 1 do
    line[p + 2] = tonumber(sum[p])
    total = total + sum[p]
  end
  line[np + 2] = tonumber(total - bo64)
  out:write(table.concat(line, ","), "\n")
end
out:flush()
