#!/bin/bash
# Two directors running xvsd with VRRP v2 (PASS) in front of the real
# servers: dir (priority 150) becomes master and balances the VIP, dir2
# (100) stays backup and does not balance it.  The master is SIGKILLed
# under wrk: dir2 takes over within its Master_Down_Interval and new
# connections succeed, while dead dir, whose kernel still has the VIP,
# answers no ARP for it and drops its traffic once its lease has run out
# (tcpdump on the client).  Restarted, dir preempts and the VIP comes back.
# shellcheck source-path=SCRIPTDIR source=vrrp_lib.sh
. "$(dirname "$0")/vrrp_lib.sh"

lab_up --vrrp
C1=$(vrrp_conf dir 150 MASTER 2)
C2=$(vrrp_conf dir2 100 BACKUP 2)
check "xvsd -t accepts dir's config" "$XVSD" -t -f "$C1"

run_xvsd dir "$C1"
run_xvsd dir2 "$C2"
wait_for "dir becomes master" 8 daemon_says dir "(VI_1) Entering MASTER STATE"
check "dir2 is backup" daemon_says dir2 "(VI_1) Entering BACKUP STATE (init)"
wait_for "the VIP is on dir" 3 vip_on dir
check "the VIP is not on dir2" vip_off dir2

# The adverts on the wire, as keepalived sends them (spec 2.1, 2.2).
start_capture -v cl adverts "ip proto 112"
sleep 2.5
stop_capture
adverts=$(cat "$CAPTURE_OUT")
note "$(head -4 <<<"$adverts")"
expect_match "adverts go to 224.0.0.18 from dir" "$DIRECTOR > 224.0.0.18: VRRPv2, Advertisement" "$adverts"
expect_match "TOS 0xc0, TTL 255" "tos 0xc0, ttl 255" "$adverts"
expect_match "VRRPv2, vrid 51, prio 150, simple auth" "vrid 51, prio 150, authtype simple, intvl 1s" "$adverts"
expect_match "the password" 'auth "secret12' "$adverts"
expect_no_match "dir2 (backup) sends no advert" "$DIRECTOR2_4 >" "$adverts"

answers=$(who_answers 6 "http://$VIP/")
note "answers: $answers"
expect_no_match "the VIP is served through dir" "FAIL" "$answers"

# dir2 as backup: VIP traffic sent to it is not balanced.
dir2_mac=$(host_mac dir2)
dir_mac=$(host_mac dir)
check "the client sends VIP traffic to dir2's MAC" \
	on cl ip neigh replace "$VIP" lladdr "$dir2_mac" dev eth0 nud permanent
expect_eq "dir2 does not balance it" FAIL "$(curl_vip)"
expect_match "dir2's data plane counts it as not its VIP" "pass_not_owner *[1-9]" \
	"$(on dir2 "$XVSADM" --xvs-reasons)"
on cl ip neigh del "$VIP" dev eth0

# SIGKILL of the master under load.
bg_on cl "$LAB_RUN/wrk.out" timeout 30 wrk -t2 -c10 -d12s --timeout 2s "http://$VIP/"
WRK=$BG_PID
sleep 2
t0=$(now_ms)
check "xvsd on dir is SIGKILLed" kill_daemon dir KILL
wait_for "dir2 takes over" 6 daemon_says dir2 "(VI_1) Entering MASTER STATE"
t1=$(now_ms)
note "fail-over took $((t1 - t0)) ms (Master_Down_Interval: 3 s + 156/256 s = 3609 ms)"
check "fail-over within the master down interval (+1 s)" test $((t1 - t0)) -le 4700
wait_for "the VIP is on dir2" 3 vip_on dir2
check "dead dir's kernel still has the VIP (the fence must do it)" vip_on dir
wait_pid "$WRK" 25
wrk_out=$(cat "$LAB_RUN/wrk.out")
note "wrk across the fail-over:"
indent <<<"$wrk_out"
expect_match "wrk completed requests" '[1-9][0-9]* requests in' "$wrk_out"
answers=$(who_answers 6 "http://$VIP/")
note "answers after the fail-over: $answers"
expect_no_match "new connections succeed through dir2" "FAIL" "$answers"

# Who answers ARP for the VIP now: only dir2.
on cl ip neigh flush dev eth0
start_capture -e cl arp "arp"
for i in 1 2 3; do
	on cl ip neigh flush dev eth0
	curl_vip >/dev/null
done
stop_capture
arp=$(cat "$CAPTURE_OUT")
indent <<<"$arp"
expect_match "dir2 answers ARP for the VIP" "$dir2_mac .*Reply $VIP is-at $dir2_mac" "$arp"
expect_no_match "dead dir answers no ARP for the VIP" "Reply $VIP is-at $dir_mac" "$arp"
expect_match "dir's data plane dropped the ARP requests" "drop_vip_arp *[1-9]" "$(on dir "$XVSADM" --xvs-reasons)"

# Nor does dead dir balance the VIP's traffic that still reaches it.
on cl ip neigh replace "$VIP" lladdr "$dir_mac" dev eth0 nud permanent
expect_eq "traffic sent to dead dir's MAC is not served" FAIL "$(curl_vip)"
expect_match "dir's data plane counts it fenced" "drop_fenced *[1-9]" "$(on dir "$XVSADM" --xvs-reasons)"
on cl ip neigh del "$VIP" dev eth0

# dir comes back: it starts as backup, drops the stale VIP, then preempts.
run_xvsd dir "$C1"
wait_for "restarted dir starts as backup" 5 daemon_says dir "(VI_1) Entering BACKUP STATE (init)"
wait_for "dir preempts dir2" 8 daemon_says dir "(VI_1) Entering MASTER STATE"
wait_for "dir2 steps down" 3 daemon_says dir2 "(VI_1) Master received advert from $DIRECTOR with higher priority 150, ours 100"
wait_for "the VIP is back on dir" 3 vip_on dir
wait_for "and gone from dir2" 3 vip_off dir2
answers=$(who_answers 6 "http://$VIP/")
expect_no_match "served through dir again" "FAIL" "$answers"

# SIGTERM: the master resigns with priority 0, dir2 takes over in Skew_Time.
t0=$(now_ms)
check "xvsd on dir stops (SIGTERM)" kill_daemon dir TERM
wait_for "dir2 takes over on priority 0" 3 daemon_says dir2 "(VI_1) Backup received priority 0 advertisement"
wait_for "dir2 is master again" 3 vip_on dir2
note "priority-0 hand-over took $(($(now_ms) - t0)) ms"
check "dir removed the VIP on stop" vip_off dir
check "dir logged its priority 0" daemon_says dir "(VI_1) sent 0 priority"

kill_daemon dir2 TERM
show_log dir2
