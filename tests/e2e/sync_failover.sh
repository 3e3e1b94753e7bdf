#!/bin/bash
# Connection sync across a fail-over.  Two directors run xvsd with VRRP
# and lvs_sync_daemon following VI_1: dir (150) is master and runs the
# master sync daemon, dir2 (100) the backup one.  Eight slow downloads
# through the VIP are under way when xvsd on dir is SIGKILLed; dir2 takes
# over and every one of them completes through it, because dir2 has their
# entries from the sync messages (without them its data plane would hand
# their packets to its kernel, which resets them).
# shellcheck source-path=SCRIPTDIR source=vrrp_lib.sh
. "$(dirname "$0")/vrrp_lib.sh"

readonly N=8 BIG=20971520

lab_up --vrrp
C1=$(vrrp_conf dir 150 MASTER 2 "" "lvs_sync_daemon eth0 VI_1")
C2=$(vrrp_conf dir2 100 BACKUP 2 "" "lvs_sync_daemon eth0 VI_1")
run_xvsd dir "$C1"
run_xvsd dir2 "$C2"
wait_for "dir becomes master" 8 daemon_says dir "(VI_1) Entering MASTER STATE"
wait_for "the VIP is on dir" 3 vip_on dir

# The daemons as ipvsadm lists IPVS's: syncid defaults to the VRID (51).
daemons() { on "$1" "$XVSADM" -L --daemon; }
# daemon_is HOST ROLE: HOST runs the ROLE sync daemon with lvs_sync_daemon's parameters.
daemon_is() {
	[[ $(daemons "$1") == "$2 sync daemon (mcast=eth0, syncid=51, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)" ]]
}
wait_for "dir runs the master sync daemon" 5 daemon_is dir master
expect_eq "dir's, as ipvsadm -L --daemon prints it" \
	"master sync daemon (mcast=eth0, syncid=51, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)" \
	"$(daemons dir)"
expect_eq "dir2 runs the backup one" \
	"backup sync daemon (mcast=eth0, syncid=51, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)" \
	"$(daemons dir2)"
note "$(on dir ps -o pid=,comm= -C xvs-sync-master)"

# The downloads, and the sync messages they make on the wire.
start_capture -x cl sync "udp port 8848"
for ((i = 1; i <= N; i++)); do
	bg_on cl "$LAB_RUN/dl$i.out" curl -sg -o /dev/null -w '%{size_download} %{http_code}' \
		--limit-rate 1M --max-time 60 "http://$VIP/big"
	DL[i]=$BG_PID
done
all_synced() { (($(on dir2 "$XVSADM" -Lnc | grep -c "ESTABLISHED.*$VIP:80") >= N)); }
wait_for "dir2 has all $N connections from the sync messages" 10 all_synced
stop_capture
sync_pkts=$(cat "$CAPTURE_OUT")
note "$(grep -m1 -A3 'IP ' <<<"$sync_pkts")"
expect_match "sync messages go from dir to 224.0.0.81:8848" "$DIRECTOR\\.[0-9]* > 224\\.0\\.0\\.81\\.8848: UDP" \
	"$sync_pkts"
# the first packet's bytes; its payload follows 20 bytes of IP and 8 of UDP
hex=$(awk '/ IP /{ if (seen++) exit } seen && $1 ~ /^0x/ { for (i = 2; i <= NF; i++) s = s $i } END { print s }' \
	<<<"$sync_pkts")
hdr=${hex:56:16}
note "message header: $hdr"
expect_match "v1 header: reserved 0, syncid 51, size, nr_conns, version 1, spare 0" \
	"^0033[0-9a-f]{4}[0-9a-f]{2}010000$" "$hdr"
note "dir2's entries:"
on dir2 "$XVSADM" -Lnc | indent

t0=$(now_ms)
check "xvsd on dir is SIGKILLed mid-download" kill_daemon dir KILL
wait_for "dir2 takes over" 6 daemon_says dir2 "(VI_1) Entering MASTER STATE"
note "fail-over took $(($(now_ms) - t0)) ms"
wait_for "dir2 now runs the master sync daemon" 5 daemon_is dir2 master

survived=0
for ((i = 1; i <= N; i++)); do
	wait_pid "${DL[i]}" 70 >/dev/null 2>&1
	got=$(cat "$LAB_RUN/dl$i.out")
	[[ $got == "$BIG 200" ]] && survived=$((survived + 1))
	note "download $i: $got"
done
note "$survived of $N connections survived the fail-over"
expect_eq "every download completed through dir2" "$N" "$survived"
expect_match "dir2 forwarded their packets after the take-over, scheduling none (Conns 0)" \
	"TCP  $VIP:80 +0 +[1-9][0-9]* " \
	"$(on dir2 "$XVSADM" -Ln --stats)"
expect_no_match "none went to dir2's kernel as strays" "pass_not_syn +[1-9]" "$(on dir2 "$XVSADM" --xvs-reasons)"

# The killed xvsd's master daemon runs on, as IPVS's thread would; the
# operator's --stop-daemon ends it.
check "dir's orphaned master daemon stops" on dir "$XVSADM" --stop-daemon master
expect_eq "nothing is listed on dir then" "" "$(daemons dir)"
check "xvsd on dir2 stops" kill_daemon dir2 TERM
expect_eq "and takes its daemon with it" "" "$(daemons dir2)"
show_log dir2
