#!/bin/bash
# xvsd and a real keepalived (Debian's) as the two VRRP routers of one
# VRID, with VRRP v2 (PASS) and then v3, in both roles:
#  - keepalived master (150), xvsd backup (100): xvsd follows keepalived's
#    adverts and stays backup; keepalived stops (priority 0) and xvsd takes
#    over and serves the VIP; keepalived comes back and preempts xvsd;
#  - xvsd master (150), keepalived backup (100): keepalived stays backup;
#    xvsd is SIGKILLed and keepalived takes over; xvsd comes back and
#    preempts; a tracked file lowers xvsd to 50 and keepalived takes the
#    VIP as it would from another keepalived.
# shellcheck source-path=SCRIPTDIR source=vrrp_lib.sh
. "$(dirname "$0")/vrrp_lib.sh"

command -v "$KEEPALIVED" >/dev/null || bail "no keepalived (make deps installs it)"
lab_up --vrrp --rs 2

# stays_backup HOST SECS: HOST's daemon does not become master for SECS.
stays_backup() {
	sleep "$2"
	! daemon_says "$1" "Entering MASTER STATE"
}

# serves_vip: a request to the VIP is answered by a real server.
serves_vip() { [[ $(curl_vip) == rs* ]]; }

for v in 2 3; do
	note "---- VRRP v$v: keepalived master, xvsd backup"
	KA=$(vrrp_conf dir2 150 MASTER "$v")
	XV=$(vrrp_conf dir 100 BACKUP "$v")
	run_keepalived dir2 "$KA"
	wait_for "v$v: keepalived becomes master" 8 daemon_says dir2 "(VI_1) Entering MASTER STATE"
	run_xvsd dir "$XV"
	wait_for "v$v: xvsd starts as backup" 5 daemon_says dir "(VI_1) Entering BACKUP STATE (init)"
	wait_for "v$v: xvsd hears keepalived's adverts" 3 daemon_says dir "(VI_1) master is $DIRECTOR2_4, priority 150"
	check "v$v: xvsd stays backup behind keepalived" stays_backup dir 5
	check "v$v: the VIP is on keepalived's director only" vip_off dir
	check "v$v: xvsd counts no refused advert" \
		bash -c "kill -USR2 ${DPID[dir]}; sleep 0.5; ! grep -E '(checksum|version|auth failure|auth type): [1-9]' /tmp/keepalived.stats"

	t0=$(now_ms)
	check "v$v: keepalived stops" kill_daemon dir2 TERM
	wait_for "v$v: xvsd takes over on keepalived's priority 0" 3 daemon_says dir "(VI_1) Entering MASTER STATE"
	note "v$v: hand-over took $(($(now_ms) - t0)) ms"
	wait_for "v$v: the VIP is on xvsd's director" 3 vip_on dir
	wait_for "v$v: xvsd serves the VIP" 5 serves_vip

	run_keepalived dir2 "$KA"
	wait_for "v$v: keepalived comes back and preempts" 8 daemon_says dir2 "(VI_1) Entering MASTER STATE"
	wait_for "v$v: xvsd steps down for its higher priority" 3 \
		daemon_says dir "(VI_1) Master received advert from $DIRECTOR2_4 with higher priority 150, ours 100"
	wait_for "v$v: xvsd removed the VIP" 3 vip_off dir
	kill_daemon dir TERM
	kill_daemon dir2 TERM

	note "---- VRRP v$v: xvsd master, keepalived backup"
	echo 0 >"$LAB_RUN/prio"
	XV=$(vrrp_conf dir 150 MASTER "$v" "track_file {
        prio_down weight -1
    }")
	sed -i "1i vrrp_track_file prio_down {\n    file $LAB_RUN/prio\n}" "$XV"
	KA=$(vrrp_conf dir2 100 BACKUP "$v")
	run_xvsd dir "$XV"
	wait_for "v$v: xvsd becomes master" 8 daemon_says dir "(VI_1) Entering MASTER STATE"
	run_keepalived dir2 "$KA"
	wait_for "v$v: keepalived starts as backup" 5 daemon_says dir2 "(VI_1) Entering BACKUP STATE"
	check "v$v: keepalived stays backup behind xvsd" stays_backup dir2 5
	check "v$v: the VIP is on xvsd's director only" vip_off dir2

	t0=$(now_ms)
	check "v$v: xvsd is SIGKILLed" kill_daemon dir KILL
	wait_for "v$v: keepalived takes over" 6 daemon_says dir2 "(VI_1) Entering MASTER STATE"
	note "v$v: keepalived took over $(($(now_ms) - t0)) ms after the SIGKILL"
	wait_for "v$v: the VIP is on keepalived's director" 3 vip_on dir2

	run_xvsd dir "$XV"
	wait_for "v$v: xvsd comes back and preempts" 8 daemon_says dir "(VI_1) Entering MASTER STATE"
	wait_for "v$v: keepalived steps down" 3 \
		daemon_says dir2 "(VI_1) Master received advert from $DIRECTOR with higher priority 150, ours 100"
	wait_for "v$v: keepalived removed the VIP" 3 vip_off dir2

	echo 100 >"$LAB_RUN/prio"
	wait_for "v$v: the tracked file takes xvsd to 50" 3 daemon_says dir "(VI_1) Changing effective priority from 150 to 50"
	wait_for "v$v: keepalived preempts the lower xvsd" 8 \
		daemon_says dir "(VI_1) Master received advert from $DIRECTOR2_4 with higher priority 100, ours 50"
	wait_for "v$v: the VIP moves to keepalived's director" 3 vip_on dir2
	wait_for "v$v: and leaves xvsd's" 3 vip_off dir
	kill_daemon dir TERM
	kill_daemon dir2 TERM
	show_log dir
	show_log dir2
done
rm -f /tmp/keepalived.stats /tmp/keepalived.data
