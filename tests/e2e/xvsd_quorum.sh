#!/bin/bash
# Quorum and the sorry server under xvsd, with keepalived's scripts: losing
# quorum puts the sorry server in place of the servers still alive and
# runs quorum_down, regaining it undoes that and runs quorum_up; the real
# server's notify_down/notify_up get their configured arguments.  On a
# second service, inhibit_on_failure keeps a failed server at weight 0,
# and misc_dynamic sets a server's weight from its script's exit status.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
SVC2=$VIP:8080
lab_up

TOUCH=$(command -v touch) || bail "no touch"
SH=$(command -v sh) || bail "no sh"
MARKS=$LAB_RUN/marks
mkdir -p "$MARKS"
echo 7 >"$LAB_RUN/weight"
printf 'exit $(cat %s)\n' "$LAB_RUN/weight" >"$LAB_RUN/weight.sh"

CONF=$LAB_RUN/keepalived.conf
cat >"$CONF" <<CONF
global_defs {
    enable_script_security
    script_user root
}
virtual_server $VIP 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    quorum 2
    sorry_server $(rs_ip 3) 80
    quorum_up "$TOUCH $MARKS/quorum_up"
    quorum_down "$TOUCH $MARKS/quorum_down"
    real_server $(rs_ip 1) 80 {
        notify_up "$TOUCH $MARKS/rs1_up"
        notify_down "$TOUCH $MARKS/rs1_down"
        TCP_CHECK { connect_timeout 1 retry 0 }
    }
    real_server $(rs_ip 2) 80 {
        TCP_CHECK { connect_timeout 1 retry 0 }
    }
}
virtual_server $VIP 8080 {
    delay_loop 1
    lb_algo wrr
    lb_kind DR
    protocol TCP
    real_server $(rs_ip 1) 8080 {
        inhibit_on_failure
        TCP_CHECK { connect_timeout 1 retry 0 }
    }
    real_server $(rs_ip 2) 8080 {
        weight 1
        MISC_CHECK {
            misc_path "$SH $LAB_RUN/weight.sh"
            misc_dynamic
        }
    }
}
CONF

check "xvsd -t accepts the config" "$XVSD" -t -f "$CONF"
start_xvsd "$CONF"
for k in 1 2; do
	wait_for "rs$k is programmed" 10 dest_listed "$SVC" "$(rs_ip "$k"):80" 1
done
check "the sorry server is not, while there is quorum" dest_gone "$SVC" "$(rs_ip 3):80"
wait_for "misc_dynamic: exit 7 sets rs2's weight to 5" 8 dest_listed "$SVC2" "$(rs_ip 2):8080" 5

check "nginx on rs1 stops" nginx_stop 1
wait_for "quorum lost: the sorry server is in" 6 dest_listed "$SVC" "$(rs_ip 3):80"
check "quorum lost: rs2, still alive, is out" dest_gone "$SVC" "$(rs_ip 2):80"
check "rs1 is out" dest_gone "$SVC" "$(rs_ip 1):80"
expect_eq "the sorry server answers" "rs3 rs3 rs3" "$(who_answers 3 "http://$VIP/")"
wait_for "quorum_down ran" 3 test -e "$MARKS/quorum_down"
wait_for "rs1's notify_down ran" 3 test -e "$MARKS/rs1_down"
check "the loss is logged" xvsd_logged "Lost quorum 2-0=2 > 1 for VS [$VIP]:tcp:80"
wait_for "inhibit_on_failure: rs1 stays on $SVC2 at weight 0" 6 dest_listed "$SVC2" "$(rs_ip 1):8080" 0

echo 4 >"$LAB_RUN/weight"
wait_for "misc_dynamic: exit 4 sets rs2's weight to 2" 6 dest_listed "$SVC2" "$(rs_ip 2):8080" 2

check "nginx on rs1 starts again" nginx_start 1
wait_for "quorum regained: rs1 is back" 6 dest_listed "$SVC" "$(rs_ip 1):80" 1
check "quorum regained: rs2 is back" dest_listed "$SVC" "$(rs_ip 2):80" 1
check "quorum regained: the sorry server is out" dest_gone "$SVC" "$(rs_ip 3):80"
wait_for "quorum_up ran" 3 test -e "$MARKS/quorum_up"
wait_for "rs1's notify_up ran" 3 test -e "$MARKS/rs1_up"
wait_for "rs1 is back at weight 1 on $SVC2" 6 dest_listed "$SVC2" "$(rs_ip 1):8080" 1

stop_xvsd
expect_eq "SIGTERM stops xvsd (exit status)" 0 "$?"
expect_no_match "its services are gone" "$VIP" "$(xvsadm_dir -Ln)"
