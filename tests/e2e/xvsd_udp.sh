#!/bin/bash
# A UDP service under xvsd (the operators' seed 000 case): rs1 and rs2 run
# a UDP server on every address that answers from the address it was asked
# on, checked with UDP_CHECK (a reply required); rs3's server listens on
# the VIP alone, which no check from the director can reach, so it is
# checked as operators do it, with a MISC_CHECK script that pings its own
# address.  A stopped server leaves (ICMP port unreachable), a host that
# stops answering ping leaves, and clients keep being answered.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

PORT=5353
SVC=$VIP:$PORT
lab_up

PING=$(command -v ping) || bail "no ping"
for k in 1 2; do
	bg_on "rs$k" "$LAB_RUN/udp$k.log" "$UDP_PEER" serve any "$PORT" "rs$k" 120
	eval "udp_pid$k=$BG_PID"
done
bg_on rs3 "$LAB_RUN/udp3.log" "$UDP_PEER" serve "$VIP" "$PORT" rs3 120

CONF=$LAB_RUN/keepalived.conf
cat >"$CONF" <<CONF
global_defs {
    enable_script_security
    script_user root
}
virtual_server $VIP $PORT {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol UDP
    real_server $(rs_ip 1) $PORT {
        UDP_CHECK {
            connect_timeout 1
            retry 0
            payload 3f
            require_reply 7273
        }
    }
    real_server $(rs_ip 2) $PORT {
        UDP_CHECK {
            connect_timeout 1
            retry 0
            payload 3f
            require_reply 7273
        }
    }
    real_server $(rs_ip 3) $PORT {
        MISC_CHECK {
            misc_path "$PING -c 1 -W 1 $(rs_ip 3)"
            misc_timeout 3
        }
    }
}
CONF

check "xvsd -t accepts the config" "$XVSD" -t -f "$CONF"
start_xvsd "$CONF"
for k in 1 2 3; do
	wait_for "rs$k is programmed" 10 dest_listed "$SVC" "$(rs_ip "$k"):$PORT" 1
done
sleep 3 # every checker has run at least once
for k in 1 2 3; do
	check "rs$k is still there after its checks ran" dest_listed "$SVC" "$(rs_ip "$k"):$PORT"
done
answers=$(on cl "$UDP_PEER" ask "$VIP" "$PORT" 6)
note "answers: $(paste -sd' ' <<<"$answers")"
for k in 1 2 3; do
	expect_match "rs$k answers through the VIP" "rs$k" "$answers"
done

check "rs1's UDP server stops" kill -TERM "$udp_pid1"
wait_for "rs1 leaves the table (port unreachable)" 6 dest_gone "$SVC" "$(rs_ip 1):$PORT"
answers=$(on cl "$UDP_PEER" ask "$VIP" "$PORT" 6)
expect_no_match "no datagram goes unanswered" "FAIL" "$answers"
expect_no_match "none goes to rs1" "rs1" "$answers"

check "rs3 stops answering ping" on rs3 nft -f - <<NFT
table inet xvs_test {
    chain in {
        type filter hook input priority 0;
        icmp type echo-request drop
    }
}
NFT
wait_for "rs3 leaves the table (MISC_CHECK fails)" 8 dest_gone "$SVC" "$(rs_ip 3):$PORT"
check "the script's failure is logged" xvsd_logged "MISC_CHECK on service [$(rs_ip 3)]:udp:$PORT failed"
answers=$(on cl "$UDP_PEER" ask "$VIP" "$PORT" 4)
note "answers: $(paste -sd' ' <<<"$answers")"
expect_eq "rs2 alone answers" "rs2 rs2 rs2 rs2" "$(paste -sd' ' <<<"$answers")"

check "rs3 answers ping again" on rs3 nft delete table inet xvs_test
wait_for "rs3 is back" 6 dest_listed "$SVC" "$(rs_ip 3):$PORT"
expect_match "rs3 answers again" "rs3" "$(on cl "$UDP_PEER" ask "$VIP" "$PORT" 4)"

stop_xvsd
expect_eq "SIGTERM stops xvsd (exit status)" 0 "$?"
