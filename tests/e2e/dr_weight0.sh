#!/bin/bash
# Quiescing a real server (-e ... -w 0): its established connection runs to
# the end, and no new connection is sent to it.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
DL=$TEST_TMP/download
lab_up

add_dr_service "$SVC" rr

start_slow_download "$DL"
dl_pid=$BG_PID
wait_for "the slow download is established on a real server" 5 \
	download_established
busy=$(serving_rs)
[[ $busy =~ ^[1-3]$ ]] || bail "expected one busy real server, got '$busy'"
busy_ip=$(rs_ip "$busy")
note "rs$busy serves the download"
expect_match "-Lnc shows the download's connection to rs$busy" \
	"ESTABLISHED +192\.0\.2\.100:[0-9]+ +$VIP:80 +$busy_ip:80" "$(conn_rows)"

check "set rs$busy to weight 0" \
	xvsadm_dir -e -t "$SVC" -r "$busy_ip:80" -g -w 0
read -r _ _ _ weight _ < <(dest_line "$SVC" "$busy_ip:80")
expect_eq "-Ln shows rs$busy with weight 0" 0 "${weight:-}"

answers=$(who_answers 6 "http://$VIP/")
note "answers while rs$busy is quiesced: $answers"
others=()
for k in 1 2 3; do ((k == busy)) || others+=("rs$k"); done
expect_answers_from "new connections go to ${others[*]} only" "$answers" "${others[@]}"
# Otherwise the test would prove nothing about an established connection.
check "the download was still running meanwhile" kill -0 "$dl_pid"

wait_pid "$dl_pid" 30
expect_eq "the download completed" 0 "$?"
expect_eq "the download got all of /big" "$BIG_SIZE 200" "$(cat "$DL")"

# Every server quiesced: a new connection is refused at once, as IPVS
# refuses it (ICMP port unreachable from the VIP), instead of timing out.
for k in 1 2 3; do
	check "quiesce rs$k" xvsadm_dir -e -t "$SVC" -r "$(rs_ip "$k"):80" -g -w 0
done
start=$(date +%s%N)
expect_eq "curl is refused (exit 7), not timed out (28)" "FAIL(7)" "$(fetch "http://$VIP/")"
note "refused after $((($(date +%s%N) - start) / 1000000)) ms"
expect_match "the director said port unreachable (no_dest_unreach)" "no_dest_unreach +[1-9]" \
	"$(xvsadm_dir --xvs-reasons)"
