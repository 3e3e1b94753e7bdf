#!/bin/bash
# Running xvsadm again never resets the data plane: the same XDP program
# stays attached and an established connection carries on through any
# number of admin commands, including adding another service.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
SVC2=$VIP:8080
DL=$TEST_TMP/download
lab_up

add_dr_service "$SVC" rr
prog=$(xdp_prog_id)
expect_match "an XDP program is attached to the director's eth0" '^[0-9]+$' "$prog"

start_slow_download "$DL"
dl_pid=$BG_PID
wait_for "the slow download is established on a real server" 5 \
	download_established

check "xvsadm -Ln" xvsadm_dir -Ln
check "xvsadm -Ln --stats" xvsadm_dir -Ln --stats
check "xvsadm -Lnc" xvsadm_dir -Lnc
check "xvsadm -L --timeout" xvsadm_dir -L --timeout
check "add service $SVC2 wrr" xvsadm_dir -A -t "$SVC2" -s wrr
check "add rs1 to $SVC2" xvsadm_dir -a -t "$SVC2" -r "$(rs_ip 1):8080" -g -w 2
check "edit rs1 of $SVC2" xvsadm_dir -e -t "$SVC2" -r "$(rs_ip 1):8080" -g -w 5
check "edit $SVC2 to rr" xvsadm_dir -E -t "$SVC2" -s rr
check "delete $SVC2" xvsadm_dir -D -t "$SVC2"
check "add service $SVC2 again" xvsadm_dir -A -t "$SVC2" -s rr

expect_eq "the same XDP program is still attached" "$prog" "$(xdp_prog_id)"
check "the download was still running meanwhile" kill -0 "$dl_pid"
expect_answers_from "new connections to $SVC still work" \
	"$(who_answers 3 "http://$VIP/")" rs1 rs2 rs3
expect_match "-Ln still lists both services" \
	"TCP  $SVC rr.*TCP  $SVC2 rr" "$(xvsadm_dir -Ln | tr '\n' ' ')"

wait_pid "$dl_pid" 30
expect_eq "the download completed" 0 "$?"
expect_eq "the download got all of /big" "$BIG_SIZE 200" "$(cat "$DL")"
