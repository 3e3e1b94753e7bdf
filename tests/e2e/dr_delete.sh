#!/bin/bash
# Deleting a real server (-d): new connections go to the others only and the
# listing no longer shows it.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
lab_up

add_dr_service "$SVC" rr
expect_answers_from "before: all three servers answer" \
	"$(who_answers 3 "http://$VIP/")" rs1 rs2 rs3

check "delete rs2" xvsadm_dir -d -t "$SVC" -r "$(rs_ip 2):80"
listing=$(xvsadm_dir -Ln)
expect_no_match "-Ln no longer lists rs2" "-> 192\.0\.2\.12:80 " "$listing"
for k in 1 3; do
	expect_match "-Ln still lists rs$k" "  -> $(rs_ip "$k"):80 +Route" "$listing"
done

answers=$(who_answers 6 "http://$VIP/")
expect_answers_from "after: only rs1 and rs3 answer" "$answers" rs1 rs3
expect_match "after: rs1 answers" "rs1" "$answers"
expect_match "after: rs3 answers" "rs3" "$answers"
