#!/bin/bash
# LVS-NAT (masquerading) through a director with two interfaces: the client
# on eth0's side, the real servers behind eth1 in a subnet of their own.
# New connections follow rr order, the real servers see the client's own
# address, the client sees only the VIP, and the replies that pass through
# the director are counted.  nat_one_if.sh runs these checks on a director
# with one interface.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
lab_up --mode "${NAT_TEST_MODE:-nat}"

add_nat_service "$SVC" rr
expect_match "-Ln lists the service" "TCP  $SVC rr" "$(xvsadm_dir -Ln)"
expect_dests_listed "$SVC" Masq

# Newest first, as for DR: rs3, rs2, rs1, around again.  A reply that
# bypassed the director, or left it unrewritten, would come from 198.51.100.x.
capture_answers 6 "http://$VIP/"
expect_eq "6 new connections answered in rr order" \
	"rs3 rs2 rs1 rs3 rs2 rs1" "$ANSWERS"
expect_sources "the client's packets all come from $SVC" "$VIP.80"
expect_asked_by_client "$CLIENT" "$SVC"
expect_eq "-Lnc lists the 6 connections" 6 \
	"$(conn_rows | awk -v svc="$SVC" '$5 == svc' | wc -l)"

expect_out_counted "$SVC"

run_wrk "http://$VIP/"
