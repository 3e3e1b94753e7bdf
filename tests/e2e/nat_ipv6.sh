#!/bin/bash
# An IPv6 virtual service in LVS-NAT mode, through the two-interface
# director: rr over the servers' IPv6 addresses, replies rewritten to come
# from the VIP and counted, and load with no errors.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=[$VIP6]:80
lab_up --mode "${NAT_TEST_MODE:-nat}"

add_nat_service "$SVC" rr
expect_match "-Ln lists the IPv6 service" "TCP  \[$VIP6\]:80 rr" "$(xvsadm_dir -Ln)"
expect_dests_listed "$SVC" Masq

capture_answers 6 "http://$SVC/" -6
expect_eq "6 new IPv6 connections answered in rr order" \
	"rs3 rs2 rs1 rs3 rs2 rs1" "$ANSWERS"
expect_sources "the client's packets all come from $SVC" "$VIP6.80"
expect_asked_by_client "$CLIENT6" "$SVC"

expect_out_counted "$SVC"

run_wrk "http://$SVC/"
