# shellcheck shell=bash
# Helpers for the VRRP end-to-end tests (tests/e2e/vrrp_*.sh), on top of
# lib.sh: a lab with two directors (xvs-lab --vrrp), xvsd or a real
# keepalived on either, and what the wire and the directors say.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

readonly DIRECTOR2_4=192.0.2.3 DIRECTOR2_6=2001:db8::3
KEEPALIVED=${KEEPALIVED:-keepalived}
declare -A DPID DLOG # the daemon (xvsd or keepalived) on each director, its log

# vrrp_conf HOST PRIO STATE VERSION [LINES [GLOBAL]]: a keepalived.conf for
# HOST's VI_1 (VRID 51, the VIP on eth0, advert_int 1; v2 with PASS auth)
# plus the VIP's DR virtual server over the lab's real servers; LINES go
# into the vrrp_instance, GLOBAL into global_defs.  Its path is printed.
vrrp_conf() {
	local host=$1 prio=$2 state=$3 version=$4 lines=${5:-} global=${6:-} conf=$LAB_RUN/$1.conf k auth=
	[[ $version == 2 ]] && auth="authentication {
        auth_type PASS
        auth_pass secret12
    }"
	{
		cat <<CONF
global_defs {
    router_id $host
    vrrp_garp_master_delay 1
    $global
}
vrrp_instance VI_1 {
    state $state
    interface eth0
    virtual_router_id 51
    version $version
    priority $prio
    advert_int 1
    $auth
    $lines
    virtual_ipaddress {
        $VIP/32 dev eth0
    }
}
virtual_server $VIP 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
CONF
		for ((k = 1; k <= LAB_RS; k++)); do
			printf '    real_server %s 80 {\n        TCP_CHECK {\n            connect_timeout 1\n        }\n    }\n' \
				"$(rs_ip "$k")"
		done
		echo "}"
	} >"$conf"
	echo "$conf"
}

# run_xvsd HOST CONF [ARGS...]: xvsd on director HOST in the foreground.
run_xvsd() {
	local host=$1 conf=$2
	DLOG[$host]=$LAB_RUN/xvsd-$host.log
	bg_on "$host" "${DLOG[$host]}" "$XVSD" -n -l -G -f "$conf" -p "$LAB_RUN/xvsd-$host.pid" "${@:3}"
	DPID[$host]=$BG_PID
}

# run_keepalived HOST CONF: the real keepalived on HOST, VRRP only, with
# pid files of its own (never the host's /run/keepalived*.pid).
run_keepalived() {
	local host=$1 conf=$2
	DLOG[$host]=$LAB_RUN/keepalived-$host.log
	bg_on "$host" "${DLOG[$host]}" "$KEEPALIVED" -n -l -D -P -f "$conf" \
		-p "$LAB_RUN/ka-$host.pid" -r "$LAB_RUN/ka-vrrp-$host.pid" -c "$LAB_RUN/ka-check-$host.pid"
	DPID[$host]=$BG_PID
}

# kill_daemon HOST SIG: signal HOST's daemon; succeeds once it has gone
# (10 s at most), its exit status noted.
kill_daemon() {
	local rc
	kill "-$2" "${DPID[$1]}" 2>/dev/null
	wait_pid "${DPID[$1]}" 10 >/dev/null 2>&1
	rc=$?
	note "$1's daemon ended with status $rc"
	! kill -0 "${DPID[$1]}" 2>/dev/null
}

# daemon_says HOST TEXT: HOST's daemon logged TEXT since it started.
daemon_says() { grep -qF -- "$2" "${DLOG[$1]}"; }

# show_log HOST: the daemon's log as notes.
show_log() {
	note "$1's log:"
	sed -e 's/^/#   /' -e '60q' "${DLOG[$1]}"
}

# vip_on HOST: HOST has the VIP on its eth0.
vip_on() { on "$1" ip -o -4 addr show dev eth0 | grep -qF " $VIP/32 "; }
vip_off() { ! vip_on "$1"; }

# now_ms: a clock for fail-over times.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# curl_vip: one request to the VIP from the client, its answer (rsK) or FAIL.
curl_vip() { on cl curl -s -m 2 "http://$VIP/" || echo FAIL; }
