#!/bin/bash
# SIGHUP under load: a valid new keepalived.conf changes only what differs
# (a weight edited, a service added) while wrk runs without one error, a
# server that had failed is not put back by the reload, and an invalid
# config is reported and changes nothing.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
SVC2=$VIP:8080
lab_up

CONF=$LAB_RUN/keepalived.conf

# write_conf W1 [PORT2]: the service on port 80 with rs1 at weight W1, and
# with PORT2 a second service on it with rs1 and rs2.
write_conf() {
	local w1=$1 port2=${2:-}
	{
		echo "virtual_server $VIP 80 {"
		echo "    delay_loop 1"
		echo "    lb_algo wrr"
		echo "    lb_kind DR"
		echo "    protocol TCP"
		for k in 1 2 3; do
			echo "    real_server $(rs_ip "$k") 80 {"
			echo "        weight $([[ $k == 1 ]] && echo "$w1" || echo 1)"
			echo "        TCP_CHECK { connect_timeout 1 retry 0 }"
			echo "    }"
		done
		echo "}"
		if [[ -n $port2 ]]; then
			echo "virtual_server $VIP $port2 {"
			echo "    delay_loop 1"
			echo "    lb_algo rr"
			echo "    lb_kind DR"
			echo "    protocol TCP"
			for k in 1 2; do
				echo "    real_server $(rs_ip "$k") $port2 { TCP_CHECK { connect_timeout 1 } }"
			done
			echo "}"
		fi
	} >"$CONF"
}

write_conf 1
start_xvsd "$CONF"
for k in 1 2 3; do
	wait_for "rs$k is programmed" 10 dest_listed "$SVC" "$(rs_ip "$k"):80" 1
done
check "nginx on rs3 stops (port 80 and 8080)" nginx_stop 3
wait_for "rs3 leaves the table" 6 dest_gone "$SVC" "$(rs_ip 3):80"

WRK_OUT=$LAB_RUN/wrk.out
bg_on cl "$WRK_OUT" timeout 30 wrk -t2 -c20 -d8s --timeout 2s "http://$VIP/"
wrk_pid=$BG_PID
sleep 2

write_conf 3 8080
check "SIGHUP is taken" kill -HUP "$XVSD_PID"
wait_for "the reload is logged" 5 xvsd_logged "Reload finished"
check "the failed rs3 is not put back by the reload" dest_gone "$SVC" "$(rs_ip 3):80"
wait_for "rs1's weight is edited to 3" 5 dest_listed "$SVC" "$(rs_ip 1):80" 3
check "rs2 keeps weight 1" dest_listed "$SVC" "$(rs_ip 2):80" 1
for k in 1 2; do
	wait_for "the new service has rs$k" 10 dest_listed "$SVC2" "$(rs_ip "$k"):8080" 1
done
expect_match "rs1 answers on the new service" "rs[12]" "$(fetch "http://$VIP:8080/")"

wait_pid "$wrk_pid" 25
expect_eq "wrk ran to the end" 0 "$?"
out=$(cat "$WRK_OUT")
note "wrk across the reload:"
printf '%s\n' "$out" | indent
expect_match "wrk completed requests" '[1-9][0-9]* requests in' "$out"
expect_no_match "no socket errors across the reload" "Socket errors" "$out"
expect_no_match "no non-2xx/3xx answers across the reload" "Non-2xx" "$out"

# A config with an error: reported, and the running one stays.
before=$(xvsadm_dir -Ln)
printf 'virtual_server %s 80\n    lb_algo rr\n' "$VIP" >"$CONF"
check "SIGHUP with a broken config is taken" kill -HUP "$XVSD_PID"
wait_for "the refusal is logged" 5 xvsd_logged "reload refused"
check "the error is reported with file and line" xvsd_logged "($CONF: Line 1)"
expect_eq "the data plane is unchanged" "$before" "$(xvsadm_dir -Ln)"
check "xvsd still runs" kill -0 "$XVSD_PID"

rm -f "$CONF"
check "SIGHUP with no config file is taken" kill -HUP "$XVSD_PID"
wait_for "the failed reload is logged" 5 xvsd_logged "the running configuration is kept"
expect_eq "the data plane is still unchanged" "$before" "$(xvsadm_dir -Ln)"

stop_xvsd
expect_eq "SIGTERM stops xvsd (exit status)" 0 "$?"
