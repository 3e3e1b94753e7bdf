#!/bin/bash
# xvsd with an LVS-NAT keepalived.conf and HTTP_GET checks over real nginx
# servers: each server's url is checked for its status and the MD5 digest
# of its page.  A page that changes (digest mismatch) takes its server out
# and back when it is restored; a url answering another status than the
# one configured keeps its server out; clients are served throughout by
# the servers that pass.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
lab_up --mode nat

digest() { printf 'rs%s\n' "$1" | md5sum | cut -d' ' -f1; }

CONF=$LAB_RUN/keepalived.conf
cat >"$CONF" <<CONF
virtual_server $VIP 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server $(rs_ip 1) 80 {
        HTTP_GET {
            url {
                path /
                digest $(digest 1)
                status_code 200
            }
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
    real_server $(rs_ip 2) 80 {
        HTTP_GET {
            url {
                path /
                digest $(digest 2)
            }
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
    real_server $(rs_ip 3) 80 {
        HTTP_GET {
            url {
                path /big
                status_code 204
            }
            connect_timeout 1
            retry 0
        }
    }
}
CONF

check "xvsd -t accepts the config" "$XVSD" -t -f "$CONF"
start_xvsd "$CONF"
for k in 1 2; do
	wait_for "rs$k is programmed" 10 dest_listed "$SVC" "$(rs_ip "$k"):80" 1
done
wait_for "rs3 (status 200, 204 wanted) is taken out" 8 dest_gone "$SVC" "$(rs_ip 3):80"
check "the failure is logged" xvsd_logged "HTTP_GET on service [$(rs_ip 3)]:tcp:80 failed after 0 retries."
check "rs1 is still there after its checks ran" dest_listed "$SVC" "$(rs_ip 1):80"
answers=$(who_answers 6 "http://$VIP/")
note "answers: $answers"
expect_no_match "no request failed" "FAIL" "$answers"
expect_match "rs1 answers through the VIP" "rs1" "$answers"
expect_match "rs2 answers through the VIP" "rs2" "$answers"
expect_no_match "rs3 gets none" "rs3" "$answers"

check "rs2's page changes" bash -c "echo changed >'$LAB_RUN/rs2/www/index.html'"
wait_for "rs2 leaves (digest mismatch)" 8 dest_gone "$SVC" "$(rs_ip 2):80"
answers=$(who_answers 4 "http://$VIP/")
expect_eq "rs1 alone answers" "rs1 rs1 rs1 rs1" "$answers"

check "rs2's page is restored" bash -c "echo rs2 >'$LAB_RUN/rs2/www/index.html'"
wait_for "rs2 is back" 6 dest_listed "$SVC" "$(rs_ip 2):80" 1
expect_match "rs2 answers again" "rs2" "$(who_answers 4 "http://$VIP/")"

stop_xvsd
expect_eq "SIGTERM stops xvsd (exit status)" 0 "$?"
