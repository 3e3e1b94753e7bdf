#!/bin/bash
# xvsd with an LVS-DR keepalived.conf over real nginx servers: it programs
# the service from the config, TCP_CHECK takes a server whose nginx stops
# out within delay_loop plus the retry budget while clients keep being
# served, brings it back when nginx returns, dumps its state on SIGUSR1
# and removes what it made on SIGTERM.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
lab_up

CONF=$LAB_RUN/keepalived.conf
cat >"$CONF" <<CONF
! a DR director as keepalived.conf describes it
global_defs {
    router_id xvs_e2e
}

virtual_server $VIP 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP

$(for k in 1 2 3; do
	cat <<RS
    real_server $(rs_ip "$k") 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
RS
done)
}

# checked only while its address is on the director (ha_suspend)
virtual_server 192.0.2.60 8080 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    ha_suspend
    real_server $(rs_ip 1) 8080 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
CONF

check "xvsd -t accepts the config" "$XVSD" -t -f "$CONF"
start_xvsd "$CONF"
for k in 1 2 3; do
	wait_for "rs$k is programmed" 10 dest_listed "$SVC" "$(rs_ip "$k"):80" 1
done
expect_match "-Ln lists the service as the config says" "TCP  $SVC rr" "$(xvsadm_dir -Ln)"
answers=$(who_answers 6 "http://$VIP/")
for k in 1 2 3; do
	expect_match "rs$k answers through the VIP" "rs$k" "$answers"
done

# delay_loop 1 + connect_timeout 1 + retry 1 x (connect_timeout 1 + delay_before_retry 1) = 4 s at most.
check "nginx on rs2 stops" nginx_stop 2
start=$SECONDS
wait_for "rs2 leaves the table within the check budget (+2 s)" 6 dest_gone "$SVC" "$(rs_ip 2):80"
note "rs2 left after $((SECONDS - start)) s"
answers=$(who_answers 6 "http://$VIP/")
note "answers: $answers"
expect_no_match "no request failed" "FAIL" "$answers"
expect_no_match "no request went to rs2" "rs2" "$answers"
check "the failure is logged as keepalived logs it" \
	xvsd_logged "TCP_CHECK on service [$(rs_ip 2)]:tcp:80 failed after 1 retries."
check "the removal is logged" xvsd_logged "Removing service [$(rs_ip 2)]:tcp:80 from VS [$VIP]:tcp:80"

check "nginx on rs2 starts again" nginx_start 2
wait_for "rs2 is back within delay_loop (+3 s)" 4 dest_listed "$SVC" "$(rs_ip 2):80" 1
expect_match "rs2 answers again" "rs2" "$(who_answers 6 "http://$VIP/")"
check "the return is logged" xvsd_logged "Adding service [$(rs_ip 2)]:tcp:80 to VS [$VIP]:tcp:80"

rm -f /tmp/keepalived_check.data
check "SIGUSR1 is taken" kill -USR1 "$XVSD_PID"
wait_for "the state is dumped" 5 test -s /tmp/keepalived_check.data
expect_match "the dump shows the checkers" "Keepalive method = TCP_CHECK" "$(cat /tmp/keepalived_check.data 2>/dev/null)"

# attempts_8080: how many checks rs1:8080 (the ha_suspend service's) has had, from a fresh dump.
attempts_8080() {
	rm -f /tmp/keepalived_check.data
	kill -USR1 "$XVSD_PID"
	retry 5 test -s /tmp/keepalived_check.data || return 1
	sed -n "/\[$(rs_ip 1)\]:tcp:8080/,/Attempts/s/.*Attempts = \([0-9]*\),.*/\1/p" /tmp/keepalived_check.data
}
expect_eq "ha_suspend: no check while 192.0.2.60 is not on the director" 0 "$(attempts_8080)"
check "192.0.2.60 goes on the director's lo" on dir ip addr add 192.0.2.60/32 dev lo
checked_8080() { (($(attempts_8080) > 0)); }
wait_for "ha_suspend: checks run once it is" 5 checked_8080
rm -f /tmp/keepalived_check.data

stop_xvsd
expect_eq "SIGTERM stops xvsd (exit status)" 0 "$?"
expect_no_match "the service it made is gone" "$SVC" "$(xvsadm_dir -Ln)"
