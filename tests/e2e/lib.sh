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
TEST_NAME=$(basename "$0" .sh)

LAB=${XVS_LAB:-t$$}  # tests/run passes a name it can check for leftovers
LAB_RUN=/run/xvs-lab/$LAB
LAB_RS=0             # real servers in the lab, set by lab_up

# The lab's address plan (lab/xvs-lab addr) and /big's size (20 MB).
# shellcheck disable=SC2034 # used by the tests that source this file
readonly VIP=192.0.2.50 VIP6=2001:db8::50 BIG_SIZE=20971520

rs_ip() { echo "192.0.2.$((10 + $1))"; }
rs_ip6() { echo "2001:db8::$((10 + $1))"; }

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

# diag_director: what the director's data plane thinks, for failure reports.
diag_director() {
	((LAB_IS_UP)) && [[ -x $XVSADM ]] || return 0
	note "xvsadm -Ln --stats:"
	timeout 10 "$LAB_TOOL" exec "$LAB-dir" "$XVSADM" -Ln --stats 2>&1 | indent
	note "xvsadm -Lnc:"
	timeout 10 "$LAB_TOOL" exec "$LAB-dir" "$XVSADM" -Lnc 2>&1 | indent
	note "xvsadm --xvs-reasons (counters that are not 0):"
	timeout 10 "$LAB_TOOL" exec "$LAB-dir" "$XVSADM" --xvs-reasons 2>&1 |
		awk '$2 != "0"' | indent
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

# lab_up [--rs N]: build the lab (3 real servers unless told) or bail out.
# shellcheck disable=SC2120 # the arguments are optional
lab_up() {
	[[ -x $XVSADM ]] || { not_ok "build/xvsadm is built"; bail "no $XVSADM (run make)"; }
	LAB_RS=3
	[[ ${1:-} == --rs ]] && LAB_RS=$2
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
	on "$host" "$@" >"$out" 2>&1 </dev/null &
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

# ------------------------------------------------------- xvsadm listings

# dest_line [--stats] SERVICE DEST: DEST's line under SERVICE (both as
# `-Ln` prints them, e.g. 192.0.2.50:80 or [2001:db8::50]:80).  Fields:
# "-> DEST Forward Weight ActiveConn InActConn", with --stats
# "-> DEST Conns InPkts OutPkts InBytes OutBytes".
dest_line() {
	local opts=(-Ln)
	[[ $1 == --stats ]] && { opts+=(--stats); shift; }
	xvsadm_dir "${opts[@]}" | awk -v svc="$1" -v dest="$2" '
		$1 ~ /^(TCP|UDP|SCTP|FWM)$/ { mine = ($2 == svc) }
		mine && $1 == "->" && $2 == dest { print; exit }'
}

# service_line [--stats] SERVICE: SERVICE's own line.
service_line() {
	local opts=(-Ln)
	[[ $1 == --stats ]] && { opts+=(--stats); shift; }
	xvsadm_dir "${opts[@]}" | awk -v svc="$1" '
		$1 ~ /^(TCP|UDP|SCTP)$/ && $2 == svc { print; exit }'
}

# add_dr_service SERVICE SCHEDULER [K:WEIGHT...]: -A the service, then -a
# real servers K in direct-routing mode, in the order given (default rs1,
# rs2, rs3, weight 1), each a case.  An IPv6 SERVICE ([addr]:port) gets the
# servers' IPv6 addresses; the port is the service's.
add_dr_service() {
	local svc=$1 sched=$2 spec k dest
	shift 2
	(($#)) || set -- 1:1 2:1 3:1
	check "add service $svc $sched" xvsadm_dir -A -t "$svc" -s "$sched"
	for spec; do
		k=${spec%%:*}
		if [[ $svc == \[* ]]; then
			dest="[$(rs_ip6 "$k")]:${svc##*:}"
		else
			dest="$(rs_ip "$k"):${svc##*:}"
		fi
		check "add rs$k $dest weight ${spec#*:}" \
			xvsadm_dir -a -t "$svc" -r "$dest" -g -w "${spec#*:}"
	done
}

# conn_rows: the rows of `xvsadm -Lnc`, without its two header lines.
conn_rows() { xvsadm_dir -Lnc | tail -n +3; }

# xdp_prog_id: id of the XDP program on the director's eth0 ("" if none).
xdp_prog_id() {
	on dir ip -d link show dev eth0 |
		sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -1
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
