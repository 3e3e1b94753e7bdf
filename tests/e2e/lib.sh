# shellcheck shell=bash
# Helpers for the end-to-end tests: sourced by every tests/e2e/*.sh.
#
# Each test builds its own lab (lab/xvs-lab), drives the director with
# build/xvsadm and real traffic from the client, and prints one line per case,
# TAP style, which tests/run counts:
#
#   ok - NAME
#   not ok - NAME          followed by "#"-lines that say why
#   ok - NAME # SKIP why
#
# The lab and anything the test started in the background are removed when
# the script exits, however it exits.  The script's exit status is non-zero
# if any case failed.

set -uo pipefail

E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LAB_TOOL=$E2E_ROOT/lab/xvs-lab
XVSADM=${XVSADM:-$E2E_ROOT/build/xvsadm} # another ipvsadm-compatible tool may stand in
REALSERVER=${XVS_REALSERVER:-$E2E_ROOT/build/xvs-realserver} # lab/xvs-lab reads it too
TEST_NAME=$(basename "$0" .sh)

LAB=${XVS_LAB:-t$$}  # tests/run passes a name it can check for leftovers
LAB_RUN=/run/xvs-lab/$LAB
LAB_RS=0             # real servers in the lab, set by lab_up
LAB_MODE=dr          # the lab's topology (dr, nat, nat1 or tun), set by lab_up

# The lab's address plan (lab/xvs-lab addr), the UDP port the real servers
# of a tun lab take GUE on, and /big's size (20 MB).
# shellcheck disable=SC2034 # used by the tests that source this file
readonly VIP=192.0.2.50 VIP6=2001:db8::50 CLIENT=192.0.2.100 \
	CLIENT6=2001:db8::100 DIRECTOR=192.0.2.2 DIRECTOR6=2001:db8::2 \
	GUE_PORT=6080 BIG_SIZE=20971520

# rs_ip K, rs_ip6 K: real server K's address in this lab's mode (its own
# subnet in the NAT modes, behind the director, and in tun mode, behind the
# router).
rs_ip() {
	if [[ $LAB_MODE == dr ]]; then
		echo "192.0.2.$((10 + $1))"
	else
		echo "198.51.100.$((10 + $1))"
	fi
}
rs_ip6() {
	if [[ $LAB_MODE == dr ]]; then
		echo "2001:db8::$((10 + $1))"
	else
		echo "2001:db8:1::$((10 + $1))"
	fi
}

# rs_dest SERVICE K [PORT]: real server K as a destination of SERVICE
# (192.0.2.50:80 or [2001:db8::50]:80), in the service's address family,
# on PORT (default the service's port).
rs_dest() {
	local port=${3:-${1##*:}}
	if [[ $1 == \[* ]]; then
		echo "[$(rs_ip6 "$2")]:$port"
	else
		echo "$(rs_ip "$2"):$port"
	fi
}

CASES_PASSED=0
CASES_FAILED=0
CASES_SKIPPED=0
LAB_IS_UP=0
BG_PIDS=()
TEST_TMP=$(mktemp -d /tmp/xvs-e2e.XXXXXX) # removed on exit

# ---------------------------------------------------------------- reporting

# note TEXT...: a comment line in the test output.
note() { printf '# %s\n' "$*"; }

# indent: copy stdin as comment lines, at most 60 of them.
indent() { sed -e 's/^/#   /' -e '60q'; }

ok() {
	CASES_PASSED=$((CASES_PASSED + 1))
	echo "ok - $1"
}

not_ok() {
	CASES_FAILED=$((CASES_FAILED + 1))
	echo "not ok - $1"
}

skip() {
	CASES_SKIPPED=$((CASES_SKIPPED + 1))
	echo "ok - $1 # SKIP $2"
}

# diag_director: what the director's data plane thinks (and, in tun mode,
# what rs1's decapsulation is), for failure reports.
diag_director() {
	((LAB_IS_UP)) && [[ -x $XVSADM ]] || return 0
	note "xvsadm -Ln --stats:"
	timeout 10 "$LAB_TOOL" exec "$LAB-dir" "$XVSADM" -Ln --stats 2>&1 | indent
	note "xvsadm -Lnc:"
	timeout 10 "$LAB_TOOL" exec "$LAB-dir" "$XVSADM" -Lnc 2>&1 | indent
	note "xvsadm --xvs-reasons (counters that are not 0):"
	timeout 10 "$LAB_TOOL" exec "$LAB-dir" "$XVSADM" --xvs-reasons 2>&1 |
		awk '$2 != "0"' | indent
	[[ $LAB_MODE == tun ]] || return 0
	note "rs1: xvs-realserver status:"
	timeout 10 "$LAB_TOOL" exec "$LAB-rs1" "$REALSERVER" status 2>&1 | indent
}

# check NAME CMD...: a case that passes when CMD exits 0.
check() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if ((rc == 0)); then
		ok "$name"
		return 0
	fi
	not_ok "$name"
	note "command: $*"
	if [[ -n $out ]]; then
		note "exit status $rc, output:"
		printf '%s\n' "$out" | indent
	else
		note "exit status $rc, no output"
	fi
	diag_director
	return 1
}

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
	if [[ $2 == "$3" ]]; then
		ok "$1"
		return 0
	fi
	not_ok "$1"
	note "expected: $2"
	note "got:      $3"
	diag_director
	return 1
}

# expect_match NAME REGEX TEXT: TEXT matches the extended regex REGEX.
expect_match() {
	if [[ $3 =~ $2 ]]; then
		ok "$1"
		return 0
	fi
	not_ok "$1"
	note "expected to match: $2"
	note "got:"
	printf '%s\n' "$3" | indent
	diag_director
	return 1
}

# expect_line NAME REGEX TEXT: some line of TEXT matches the extended regex
# REGEX (whose ^ and $ are that line's start and end).
expect_line() {
	if grep -Eq -- "$2" <<<"$3"; then
		ok "$1"
		return 0
	fi
	not_ok "$1"
	note "expected a line to match: $2"
	note "got:"
	printf '%s\n' "$3" | indent
	diag_director
	return 1
}

# expect_no_match NAME REGEX TEXT: TEXT does not match REGEX.
expect_no_match() {
	if ! [[ $3 =~ $2 ]]; then
		ok "$1"
		return 0
	fi
	not_ok "$1"
	note "expected not to match: $2"
	note "got:"
	printf '%s\n' "$3" | indent
	diag_director
	return 1
}

# expect_answers_from NAME ANSWERS RS...: every word of ANSWERS (as
# who_answers prints them) is one of the given servers, e.g. rs1 rs3.
expect_answers_from() {
	local name=$1 answers=$2 allowed
	shift 2
	allowed=$(IFS='|'; echo "$*")
	expect_match "$name" "^(($allowed)( |\$))+\$" "$answers"
}

# bail REASON: stop the test here; the exit trap still removes the lab.
bail() {
	echo "Bail out! $TEST_NAME: $*"
	exit 1
}

# ------------------------------------------------------------------ the lab

# on HOST CMD...: run CMD on host HOST (cl, dir, rs1, ...) of this test's lab.
on() {
	local host=$1
	shift
	"$LAB_TOOL" exec "$LAB-$host" "$@"
}

# xvsadm_dir ARGS...: build/xvsadm on the director.
xvsadm_dir() { on dir "$XVSADM" "$@"; }

# lab_up [--rs N] [--mode dr|nat|nat1|tun] [--no-prep]: build the lab (3
# real servers and mode dr unless told) or bail out.
# shellcheck disable=SC2120 # the arguments are optional
lab_up() {
	[[ -x $XVSADM ]] || { not_ok "build/xvsadm is built"; bail "no $XVSADM (run make)"; }
	local opts=("$@") i
	LAB_RS=3
	LAB_MODE=dr
	for ((i = 0; i + 1 < ${#opts[@]}; i++)); do
		case ${opts[i]} in
		--rs) LAB_RS=${opts[i + 1]} ;;
		--mode) LAB_MODE=${opts[i + 1]} ;;
		esac
	done
	LAB_IS_UP=1 # from now on the exit trap removes whatever exists
	check "lab $LAB is up" "$LAB_TOOL" up "$LAB" "$@" || bail "the lab did not come up"
}

lab_down() {
	((LAB_IS_UP)) || return 0
	"$LAB_TOOL" down "$LAB" 2>&1 | indent
	LAB_IS_UP=0
}

# ------------------------------------------------------- background commands

# bg_on HOST OUTFILE CMD...: start CMD on HOST in the background with its
# output in OUTFILE; its pid is in BG_PID.  The exit trap stops it if the
# test did not wait for it.
bg_on() {
	local host=$1 out=$2
	shift 2
	# exec, so that BG_PID is CMD's own pid (nsenter execs CMD too), and
	# stopping BG_PID stops CMD, not a subshell that would leave it running.
	(exec "$LAB_TOOL" exec "$LAB-$host" "$@") >"$out" 2>&1 </dev/null &
	BG_PID=$!
	BG_PIDS+=("$BG_PID")
}

# wait_pid PID SECONDS: wait at most SECONDS for background PID; returns its
# exit status, or 124 if it is still running.
wait_pid() {
	local pid=$1 deadline=$((SECONDS + $2))
	while kill -0 "$pid" 2>/dev/null; do
		((SECONDS < deadline)) || return 124
		sleep 0.1
	done
	wait "$pid"
}

stop_bg() {
	local pid
	for pid in "${BG_PIDS[@]}"; do
		kill -0 "$pid" 2>/dev/null || continue
		kill -TERM "$pid" 2>/dev/null
		wait_pid "$pid" 5 >/dev/null 2>&1 || kill -KILL "$pid" 2>/dev/null
	done
	BG_PIDS=()
}

# ------------------------------------------------------------------ retries

# retry SECONDS CMD...: run CMD every 0.2 s until it succeeds, at most
# SECONDS long.  Returns CMD's last status.
retry() {
	local deadline=$((SECONDS + $1)) rc
	shift
	while :; do
		"$@" && return 0
		rc=$?
		((SECONDS < deadline)) || return "$rc"
		sleep 0.2
	done
}

# wait_for NAME SECONDS CMD...: a case that passes once CMD succeeds.
wait_for() {
	local name=$1 secs=$2
	shift 2
	check "$name" retry "$secs" "$@"
}

# --------------------------------------------------------------- traffic

# fetch URL [CURL_OPTS...]: one request from the client on a new connection;
# prints the body (a real server's name for "/"), or "FAIL(curl exit code)".
fetch() {
	local url=$1 body
	shift
	body=$(on cl curl -sg --max-time 3 "$@" "$url" 2>/dev/null) ||
		body="FAIL($?)"
	echo "$body"
}

# who_answers N URL [CURL_OPTS...]: the answers to N new connections, one
# line, space separated.
who_answers() {
	local n=$1 i got=()
	shift
	for ((i = 0; i < n; i++)); do
		got+=("$(fetch "$@")")
	done
	echo "${got[*]}"
}

# add_clients FIRST LAST: give the client the addresses 192.0.2.FIRST to
# 192.0.2.LAST, listed in CLIENTS, or bail out.
CLIENTS=()
add_clients() {
	local i
	for ((i = $1; i <= $2; i++)); do
		on cl ip addr add "192.0.2.$i/24" dev eth0 || bail "client address 192.0.2.$i"
		CLIENTS+=("192.0.2.$i")
	done
}

# answers_by_client N: a line per address of CLIENTS, the address and the
# servers of N new connections from it.
answers_by_client() {
	local c
	for c in "${CLIENTS[@]}"; do
		echo "$c $(who_answers "$1" "http://$VIP/" --interface "$c")"
	done
}

# start_slow_download OUTFILE [URL]: fetch /big from the client at 3 MB/s
# (about 7 s) in the background; OUTFILE gets "BYTES HTTP_CODE".
start_slow_download() {
	bg_on cl "$1" curl -sg -o /dev/null -w '%{size_download} %{http_code}' \
		--limit-rate 3M --max-time 30 "${2:-http://$VIP/big}"
}

# serving_rs: the K of every real server with an established HTTP
# connection, as its own TCP stack sees it.
serving_rs() {
	local k
	for ((k = 1; k <= LAB_RS; k++)); do
		[[ -n $(on "rs$k" ss -Htn state established '( sport = :80 )') ]] &&
			echo "$k"
	done
	return 0
}

# download_established: some real server has an established connection.
download_established() { [[ -n $(serving_rs) ]]; }

# requests_served K: requests in real server K's nginx access log.
requests_served() { wc -l <"$LAB_RUN/rs$1/access.log"; }

# last_request K: who sent real server K's last request to which of its
# addresses, as its nginx saw it: "CLIENT > ADDR:PORT" ([ADDR]:PORT for IPv6).
last_request() {
	tail -n 1 "$LAB_RUN/rs$1/access.log" | awk '{
		addr = $3
		if (addr ~ /:/) addr = "[" addr "]"
		print $1 " > " addr ":" $4 }'
}

# expect_asked_by_client CLIENT SERVICE [PORT]: the last request of every
# real server came from address CLIENT (not rewritten on the way) to the
# server's own address on PORT (default the service's), as NAT rewrites it,
# or, in the dr and tun modes, to SERVICE itself.
expect_asked_by_client() {
	local k dest=$2
	for ((k = 1; k <= LAB_RS; k++)); do
		[[ $LAB_MODE == nat* ]] && dest=$(rs_dest "$2" "$k" "${3:-}")
		expect_eq "rs$k was last asked by $1 on $dest" "$1 > $dest" \
			"$(last_request "$k")"
	done
}

# run_wrk URL: wrk from the client, 2 threads and 20 keep-alive connections
# for 3 s.  Cases: it ran to the end, completed requests with no socket
# error and no error status, and every real server served some of them.
run_wrk() {
	local url=$1 out rc k served served_before=()
	for ((k = 1; k <= LAB_RS; k++)); do
		served_before[k]=$(requests_served "$k")
	done
	out=$(on cl timeout 20 wrk -t2 -c20 -d3s --timeout 2s "$url" 2>&1)
	rc=$?
	note "wrk $url:"
	printf '%s\n' "$out" | indent
	expect_eq "wrk ran to the end" 0 "$rc"
	expect_match "wrk completed requests" '[1-9][0-9]* requests in' "$out"
	# wrk prints these lines only when there is something to count.
	expect_no_match "no socket errors" "Socket errors" "$out"
	expect_no_match "no non-2xx/3xx answers" "Non-2xx" "$out"
	for ((k = 1; k <= LAB_RS; k++)); do
		served=$(($(requests_served "$k") - served_before[k]))
		note "rs$k served $served requests"
		check "rs$k served requests" test "$served" -gt 0
	done
}

# ------------------------------------------------------------ packet capture

CAPTURE_PIDS=()

# start_capture [TCPDUMP_OPTS...] HOST NAME FILTER: tcpdump on HOST's eth0
# in the background, one line per packet in $LAB_RUN/NAME.tcpdump (CAPTURE_OUT
# names the last one), 200 packets and 30 s at the most; stop it with
# stop_capture.  Options go to tcpdump: -e (MAC addresses), -x (the bytes),
# --interface=IFACE (another interface).  A case that passes once tcpdump
# listens.
start_capture() {
	local opts=()
	while [[ $1 == -* ]]; do
		opts+=("$1")
		shift
	done
	CAPTURE_OUT=$LAB_RUN/$2.tcpdump
	bg_on "$1" "$CAPTURE_OUT" timeout 30 tcpdump -i eth0 -n -l \
		--immediate-mode -c 200 "${opts[@]}" "$3"
	CAPTURE_PIDS+=("$BG_PID")
	if retry 5 grep -q 'listening on' "$CAPTURE_OUT"; then
		ok "tcpdump listens on $1: $3"
		return 0
	fi
	not_ok "tcpdump listens on $1: $3"
	indent <"$CAPTURE_OUT"
	return 1
}

# stop_capture: stop every capture started since the last stop_capture, once
# the packets still on their way are written.
stop_capture() {
	local pid
	sleep 0.5
	for pid in "${CAPTURE_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
		wait_pid "$pid" 5 >/dev/null 2>&1
	done
	CAPTURE_PIDS=()
}

# capture_sources: the sources (ADDR.PORT, as tcpdump prints them) of the
# packets the last capture saw, one a line, each once.  With -e the source
# follows "length N:", without it "IP" or "IP6".
capture_sources() {
	awk '{
		for (i = 2; i < NF; i++)
			if ($i ~ /^IP6?$/ || ($(i - 1) == "length" && $i ~ /:$/)) {
				print $(i + 1)
				break
			}
	}' "$CAPTURE_OUT" | sort -u
}

# capture_macs: the source MAC addresses of the packets the last capture
# (taken with -e) saw, one a line, each once.
capture_macs() {
	awk '$3 == ">" && $2 ~ /^[0-9a-f][0-9a-f](:[0-9a-f][0-9a-f])+$/ {
		print $2 }' "$CAPTURE_OUT" | sort -u
}

# capture_packets [NAME]: the packets capture NAME (default the last one),
# taken with -x, saw, one a line: source and destination address as
# tcpdump's first line has them, without port, then the packet's bytes from
# the IP header on, in hex.
capture_packets() {
	local file=$CAPTURE_OUT
	[[ -n ${1:-} ]] && file=$LAB_RUN/$1.tcpdump
	awk '
	function host(a) {
		sub(/:$/, "", a)
		if (a ~ /:/ || split(a, part, ".") == 5)
			sub(/\.[0-9]+$/, "", a)
		return a
	}
	function flush() {
		if (head != "")
			print head, hex
		head = hex = ""
	}
	$1 ~ /^0x[0-9a-f]+:$/ { for (i = 2; i <= NF; i++) hex = hex $i; next }
	$2 ~ /^IP6?$/ && $4 == ">" { flush(); head = host($3) " " host($5) }
	END { flush() }' "$file"
}

# addr_hex ADDR: IPv4 or IPv6 address ADDR's bytes in hex, as in
# capture_packets.
addr_hex() {
	local a=$1 head tail g zeros groups=() more=()
	if [[ $a != *:* ]]; then
		IFS=. read -r g head tail zeros <<<"$a"
		printf '%02x%02x%02x%02x\n' "$g" "$head" "$tail" "$zeros"
		return
	fi
	head=${a%%::*}
	tail=
	[[ $a == *::* ]] && tail=${a#*::}
	IFS=: read -ra groups <<<"$head"
	IFS=: read -ra more <<<"$tail"
	for ((zeros = 8 - ${#groups[@]} - ${#more[@]}; zeros > 0; zeros--)); do
		groups+=(0)
	done
	for g in "${groups[@]}" "${more[@]}"; do
		printf '%04x' "0x$g"
	done
	echo
}

# expect_sources NAME SOURCE: the last capture saw packets, all from SOURCE.
expect_sources() {
	expect_eq "$1" "$2" "$(capture_sources)" && return 0
	note "capture:"
	indent <"$CAPTURE_OUT"
	return 1
}

# capture_answers N URL [CURL_OPTS...]: who_answers, in ANSWERS, while a
# capture (for expect_sources and capture_macs) records the TCP packets that
# reach the client.  It stops every capture that runs.
capture_answers() {
	start_capture -e cl replies "tcp and (dst host $CLIENT or dst host $CLIENT6)"
	# shellcheck disable=SC2034 # read by the tests
	ANSWERS=$(who_answers "$@")
	stop_capture
}

# ------------------------------------------------------- xvsadm listings

# dest_line [--stats|--rate] SERVICE DEST: DEST's line under SERVICE (both
# as `-Ln` prints them, e.g. 192.0.2.50:80 or [2001:db8::50]:80).  Fields:
# "-> DEST Forward Weight ActiveConn InActConn", with --stats
# "-> DEST Conns InPkts OutPkts InBytes OutBytes", with --rate
# "-> DEST CPS InPPS OutPPS InBPS OutBPS".
dest_line() {
	local opts=(-Ln)
	[[ $1 == --stats || $1 == --rate ]] && { opts+=("$1"); shift; }
	xvsadm_dir "${opts[@]}" | awk -v svc="$1" -v dest="$2" '
		$1 ~ /^(TCP|UDP|SCTP|FWM)$/ { mine = ($2 == svc) }
		mine && $1 == "->" && $2 == dest { print; exit }'
}

# Counts in --stats lines: any, and not 0.
readonly STATS_ANY='[0-9]+[KMGT]?' STATS_NOT0='[1-9][0-9]*[KMGT]?'

# expect_stats SERVICE WHAT IN OUT: the --stats lines of SERVICE and of every
# real server of the lab have InPkts and InBytes matching regex IN, OutPkts
# and OutBytes matching OUT.  The fields of such a line: TCP or "->",
# address, Conns, InPkts, OutPkts, InBytes, OutBytes.  WHAT names the cases.
expect_stats() {
	local svc=$1 what=$2 k line
	local re="^ *[^ ]+ +[^ ]+ +$STATS_ANY +$3 +$4 +$3 +$4\$"
	expect_match "service --stats $what" "$re" "$(service_line --stats "$svc")"
	for ((k = 1; k <= LAB_RS; k++)); do
		line=$(dest_line --stats "$svc" "$(rs_dest "$svc" "$k")")
		expect_match "rs$k --stats $what" "$re" "$line"
	done
}

# expect_out_counted SERVICE: SERVICE and every real server count packets
# and bytes from real servers to clients, which only a NAT director sees.
expect_out_counted() {
	expect_stats "$1" "OutPkts and OutBytes are not 0" "$STATS_ANY" "$STATS_NOT0"
}

# expect_in_only_counted SERVICE: SERVICE and every real server count
# packets and bytes from clients, and none from real servers to clients,
# which bypass a DR or TUN director.
expect_in_only_counted() {
	expect_stats "$1" "In counted, OutPkts and OutBytes 0" "$STATS_NOT0" 0
}

# service_line [--stats|--rate] SERVICE: SERVICE's own line.
service_line() {
	local opts=(-Ln)
	[[ $1 == --stats || $1 == --rate ]] && { opts+=("$1"); shift; }
	xvsadm_dir "${opts[@]}" | awk -v svc="$1" '
		$1 ~ /^(TCP|UDP|SCTP)$/ && $2 == svc { print; exit }'
}

# add_service FORWARD SERVICE SCHEDULER [K:WEIGHT[:PORT]...]: -A the
# service, then -a real servers K with the forwarding options FORWARD (-g,
# -m, "-i --tun-type gue", split at blanks), in the order given (default
# rs1, rs2, rs3, weight 1), each a case.  An IPv6 SERVICE ([addr]:port) gets
# the servers' IPv6 addresses; PORT defaults to the service's.
add_service() {
	local fwd_opts svc=$2 sched=$3 spec k weight port dest
	read -ra fwd_opts <<<"$1"
	shift 3
	(($#)) || set -- 1:1 2:1 3:1
	check "add service $svc $sched" xvsadm_dir -A -t "$svc" -s "$sched"
	for spec; do
		IFS=: read -r k weight port <<<"$spec"
		dest=$(rs_dest "$svc" "$k" "$port")
		check "add rs$k $dest ${fwd_opts[*]} weight $weight" \
			xvsadm_dir -a -t "$svc" -r "$dest" "${fwd_opts[@]}" -w "$weight"
	done
}

# add_dr_service SERVICE SCHEDULER [K:WEIGHT...]: direct routing (-g).
add_dr_service() { add_service -g "$@"; }

# add_nat_service SERVICE SCHEDULER [K:WEIGHT[:PORT]...]: masquerading (-m),
# the real servers on PORT if given.
add_nat_service() { add_service -m "$@"; }

# add_tun_service SERVICE SCHEDULER TUNOPTS [K:WEIGHT...]: tunnelling (-i)
# with the options TUNOPTS ("" for IPIP, or e.g. "--tun-type gue --tun-port
# 6080").
add_tun_service() { add_service "-i $3" "$1" "$2" "${@:4}"; }

# expect_dests_listed SERVICE FORWARD [PORT]: `-Ln` lists every real server
# of the lab under SERVICE, on PORT (default the service's), with FORWARD
# (Route, Masq) and weight 1.
expect_dests_listed() {
	local svc=$1 fwd=$2 k dest got
	for ((k = 1; k <= LAB_RS; k++)); do
		dest=$(rs_dest "$svc" "$k" "${3:-}")
		got=$(dest_line "$svc" "$dest" | awk '{ print $2, $3, $4 }')
		expect_eq "-Ln lists rs$k as $dest, $fwd, weight 1" "$dest $fwd 1" "$got"
	done
}

# conn_rows: the rows of `xvsadm -Lnc`, without its two header lines.
conn_rows() { xvsadm_dir -Lnc | tail -n +3; }

# host_mac HOST [IFACE]: the MAC address of HOST's IFACE (default eth0).
host_mac() { on "$1" ip -br link show dev "${2:-eth0}" | awk '{ print $3 }'; }

# xdp_prog_id: id of the XDP program on the director's eth0 ("" if none).
xdp_prog_id() {
	on dir ip -d link show dev eth0 |
		sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -1
}

# ------------------------------------------------------------------ xvsd

XVSD=${XVSD:-$E2E_ROOT/build/xvsd}
UDP_PEER=$E2E_ROOT/build/tests/xvs-udp-peer

# start_xvsd CONF [ARGS...]: xvsd on the director, in the foreground with
# its log on the console ($XVSD_LOG), reading CONF; its pid in XVSD_PID.
start_xvsd() {
	XVSD_LOG=$LAB_RUN/xvsd.log
	bg_on dir "$XVSD_LOG" "$XVSD" -n -l -G -f "$1" -p "$LAB_RUN/xvsd.pid" "${@:2}"
	XVSD_PID=$BG_PID
}

# stop_xvsd: SIGTERM, and the exit status once it is gone (124: still there
# after 10 s); its log follows as notes.
stop_xvsd() {
	local rc
	kill -TERM "$XVSD_PID" 2>/dev/null
	wait_pid "$XVSD_PID" 10
	rc=$?
	note "xvsd's log:"
	sed -e 's/^/#   /' -e '80q' "$XVSD_LOG"
	return "$rc"
}

# xvsd_logged TEXT: xvsd's log has a line with TEXT (fixed string).
xvsd_logged() { grep -qF -- "$1" "$XVSD_LOG"; }

# dest_listed SERVICE DEST: the director lists DEST (ADDR:PORT) under
# SERVICE (-Ln, numeric); with WEIGHT as a third argument, at that weight.
dest_listed() {
	local line
	line=$(dest_line "$1" "$2") || return 1
	[[ -n $line ]] || return 1
	[[ -z ${3:-} ]] || [[ $(awk '{ print $4 }' <<<"$line") == "$3" ]]
}
dest_gone() { ! dest_listed "$@"; }

# nginx_stop K, nginx_start K: real server K's nginx, by its pid file.
nginx_stop() {
	local pid
	pid=$(cat "$LAB_RUN/rs$1/nginx.pid" 2>/dev/null) || return 1
	[[ $(cat "/proc/$pid/comm" 2>/dev/null) == nginx ]] || return 1
	kill -TERM "$pid"
	retry 5 bash -c "! kill -0 $pid 2>/dev/null"
}
nginx_start() {
	on "rs$1" nginx -p "$LAB_RUN/rs$1" -c "$LAB_RUN/rs$1/nginx.conf"
}

# ------------------------------------------------------------------ exit

lib_exit() {
	local rc=$?
	trap - EXIT
	trap '' PIPE # whoever read our output may be gone: clean up anyway
	stop_bg
	lab_down
	rm -rf "$TEST_TMP"
	if ((CASES_PASSED + CASES_FAILED + CASES_SKIPPED == 0)); then
		not_ok "$TEST_NAME ran no case"
	elif ((rc != 0 && CASES_FAILED == 0)); then
		not_ok "$TEST_NAME ended early (exit status $rc)"
	fi
	note "$TEST_NAME: $CASES_PASSED ok, $CASES_FAILED not ok, $CASES_SKIPPED skipped"
	((CASES_FAILED == 0)) || exit 1
	exit "$rc"
}

trap lib_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 141' PIPE

if [[ $(id -u) != 0 ]]; then
	skip "$TEST_NAME" "needs root (network namespaces, XDP)"
	exit 0
fi
