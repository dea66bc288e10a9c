package redis

import goredis "github.com/redis/go-redis/v9"

// prologue starts every script. ARGV[1] is the key prefix, ARGV[2] the
// caller's now in microseconds since the Unix epoch, ARGV[3] "s" to judge
// time by the server's TIME (ServerTime) and anything else to judge it by
// the caller's now, ARGV[4] "1" when a missing agent must be loaded from
// the durable store first. Times are kept in the store's timeline (the
// server's in ServerTime, the caller's otherwise) as whole microseconds,
// which a Lua number (a double) holds exactly until the year 2255; off
// converts a caller's instant to the store's, and back.
//
// An agent is one hash, P.."a:"..agent, with fields b (busy 0/1), bs (busy
// since), bu (busy until, 0 for none), br (reason), ou (latest session
// expiry), act (chats held), cap (capacity) and v (version). Its sessions
// are a sorted set P.."s:"..agent of session -> expiry; chats are one hash
// P.."chats" of chat -> agent. Every changing write publishes its Record on
// P.."changes" before the script returns, so publications follow the order
// in which Redis ran the scripts.
const prologue = `
local P = ARGV[1]
local now = tonumber(ARGV[2])
local off = 0
if ARGV[3] == 's' then
	local t = redis.call('TIME')
	off = tonumber(t[1]) * 1000000 + tonumber(t[2]) - now
end
local snow = now + off
local function s(x) return string.format('%.0f', x) end
local function out(t) if t == 0 then return '0' end return s(t - off) end
local function load(agent)
	local k = P .. 'a:' .. agent
	local h = redis.call('HMGET', k, 'b', 'bs', 'bu', 'br', 'ou', 'act', 'cap', 'v')
	if h[8] == false and ARGV[4] == '1' then return nil end
	return {k = k, b = tonumber(h[1]) or 0, bs = tonumber(h[2]) or 0, bu = tonumber(h[3]) or 0, br = h[4] or '',
		ou = tonumber(h[5]) or 0, act = tonumber(h[6]) or 0, cap = tonumber(h[7]) or 0, v = tonumber(h[8]) or 0}
end
local function busyAt(a) return a.b == 1 and (a.bu == 0 or snow < a.bu) end
local function online(a) return snow < a.ou end
local function rec(agent, a)
	local ou = 0
	if online(a) then ou = a.ou end
	return {'ok', tostring(a.b), out(a.bs), out(a.bu), a.br, out(ou), tostring(a.act), tostring(a.cap), s(a.v), agent, ARGV[2]}
end
local function changed(agent, a)
	a.v = a.v + 1
	redis.call('HSET', a.k, 'b', a.b, 'bs', s(a.bs), 'bu', s(a.bu), 'br', a.br, 'ou', s(a.ou),
		'act', a.act, 'cap', a.cap, 'v', s(a.v))
	local r = rec(agent, a)
	redis.call('PUBLISH', P .. 'changes', cjson.encode(r))
	return r
end
`

// scripts are the store's Lua scripts, run with EVALSHA (EVAL the first
// time a server lacks one). Each is atomic: Redis runs no other command
// while a script runs, which is what makes a claim and a busy write
// linearizable across instances.
type scripts struct {
	get, setBusy, touch, remove, capacity, claim, release, eligible, hydrate *goredis.Script
}

func newScripts() scripts {
	return scripts{
		// ARGV[5] agent.
		get: goredis.NewScript(prologue + `
local a = load(ARGV[5])
if not a then return {'miss'} end
return rec(ARGV[5], a)`),

		// ARGV[5] agent, [6] on "1", [7] reason, [8] until (caller µs, 0
		// for none), [9] "1" to toggle.
		setBusy: goredis.NewScript(prologue + `
local agent = ARGV[5]
local a = load(agent)
if not a then return {'miss'} end
local on = ARGV[6] == '1'
local was = busyAt(a)
if ARGV[9] == '1' and was then on = false end
if on then
	if not was then a.bs = snow end
	a.b, a.br = 1, ARGV[7]
	local u = tonumber(ARGV[8])
	if u == 0 then a.bu = 0 else a.bu = u + off end
else
	a.b, a.bs, a.bu, a.br = 0, 0, 0, ''
end
return changed(agent, a)`),

		// ARGV[5] agent, [6] session, [7] expires (caller µs), [8] how
		// long the sessions key outlives its latest expiry, in ms, [9]
		// presencedriver.HeartbeatSkipDivisor: a live session with more
		// than (expires-now)/[9] to go is left as it is.
		touch: goredis.NewScript(prologue + `
local agent, session = ARGV[5], ARGV[6]
local a = load(agent)
if not a then return {'miss'} end
local sk = P .. 's:' .. agent
local old = redis.call('ZSCORE', sk, session)
local alive = old and tonumber(old) > snow
local exp = tonumber(ARGV[7]) + off
if alive and tonumber(old) - snow > math.floor((exp - snow) / tonumber(ARGV[9])) then
	return rec(agent, a)
end
redis.call('ZREMRANGEBYSCORE', sk, '-inf', s(snow))
redis.call('ZADD', sk, s(exp), session)
local top = redis.call('ZREVRANGE', sk, 0, 0, 'WITHSCORES')
a.ou = tonumber(top[2])
redis.call('PEXPIRE', sk, s(math.floor((a.ou - snow) / 1000) + tonumber(ARGV[8])))
if alive then
	redis.call('HSET', a.k, 'ou', s(a.ou))
	return rec(agent, a)
end
return changed(agent, a)`),

		// ARGV[5] agent, [6] session.
		remove: goredis.NewScript(prologue + `
local agent = ARGV[5]
local a = load(agent)
if not a then return {'miss'} end
local sk = P .. 's:' .. agent
if redis.call('ZREM', sk, ARGV[6]) == 0 then return rec(agent, a) end
local top = redis.call('ZREVRANGE', sk, 0, 0, 'WITHSCORES')
a.ou = tonumber(top[2]) or 0
return changed(agent, a)`),

		// ARGV[5] agent, [6] capacity.
		capacity: goredis.NewScript(prologue + `
local a = load(ARGV[5])
if not a then return {'miss'} end
a.cap = tonumber(ARGV[6])
return changed(ARGV[5], a)`),

		// ARGV[5] agent, [6] chat.
		claim: goredis.NewScript(prologue + `
local agent, chat = ARGV[5], ARGV[6]
local a = load(agent)
if not a then return {'miss'} end
if busyAt(a) then return {'busy'} end
if not online(a) then return {'offline'} end
local holder = redis.call('HGET', P .. 'chats', chat)
if holder == agent then return rec(agent, a) end
if holder then return {'taken'} end
if a.cap > 0 and a.act >= a.cap then return {'full', tostring(a.act), tostring(a.cap)} end
redis.call('HSET', P .. 'chats', chat, agent)
a.act = a.act + 1
return changed(agent, a)`),

		// ARGV[5] agent, [6] chat.
		release: goredis.NewScript(prologue + `
local agent, chat = ARGV[5], ARGV[6]
local a = load(agent)
if not a then return {'miss'} end
if redis.call('HGET', P .. 'chats', chat) ~= agent then return {'notclaimed'} end
redis.call('HDEL', P .. 'chats', chat)
a.act = a.act - 1
return changed(agent, a)`),

		// ARGV[5...] candidates; returns the 1-based positions of the
		// eligible ones. A missing agent has no session, so it is never
		// eligible and needs no loading.
		eligible: goredis.NewScript(prologue + `
local res = {}
for i = 5, #ARGV do
	local h = redis.call('HMGET', P .. 'a:' .. ARGV[i], 'b', 'bu', 'ou', 'act', 'cap')
	local ou = tonumber(h[3])
	if ou and snow < ou then
		local bu = tonumber(h[2])
		local cap = tonumber(h[5])
		if not (h[1] == '1' and (bu == 0 or snow < bu)) and (cap == 0 or tonumber(h[4]) < cap) then
			res[#res + 1] = i - 4
		end
	end
end
return res`),

		// ARGV[5] agent, [6] busy "1"/"0", [7] since, [8] until (caller
		// µs, 0 for none), [9] reason, [10] capacity, [11] "1" when the
		// durable store knew the agent. It creates the agent from the
		// durable store's copy unless another instance did so first. A
		// known agent's Version restarts at the server's clock in
		// microseconds, above any Version it had before the loss.
		hydrate: goredis.NewScript(prologue + `
local k = P .. 'a:' .. ARGV[5]
if redis.call('EXISTS', k) == 1 then return 0 end
local function st(x) x = tonumber(x) if x == 0 then return '0' end return s(x + off) end
local v = '0'
if ARGV[11] == '1' then
	local t = redis.call('TIME')
	v = s(tonumber(t[1]) * 1000000 + tonumber(t[2]))
end
redis.call('HSET', k, 'b', ARGV[6], 'bs', st(ARGV[7]), 'bu', st(ARGV[8]), 'br', ARGV[9], 'ou', '0',
	'act', '0', 'cap', ARGV[10], 'v', v)
return 1`),
	}
}
