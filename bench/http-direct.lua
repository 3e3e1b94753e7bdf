-- wrk script for bench/http's direct path: wrk thread K connects to the
-- K-th address of XVS_BENCH_RS (space separated, round robin), so the
-- client's connections are spread over the same real servers as the load
-- balancers spread them, with no balancer in between.  Without it wrk would
-- send every connection to the one address of its URL, and the direct path
-- would be bounded by a single nginx worker where the balancers have three.
--
-- setup() runs once per thread, in order, before any connection is made;
-- nothing here runs per request, so wrk's own cost is what it is without a
-- script.

local addrs = {}
for addr in string.gmatch(os.getenv("XVS_BENCH_RS") or "", "%S+") do
	addrs[#addrs + 1] = addr
end

local threads = 0

function setup(thread)
	if #addrs == 0 then
		error("XVS_BENCH_RS names no real server")
	end
	threads = threads + 1
	thread.addr = wrk.lookup(addrs[(threads - 1) % #addrs + 1], "80")[1]
end
