#!/bin/bash
# An IPv6 virtual service in direct-routing mode: rr over the servers' IPv6
# addresses, reached with curl -6.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=[$VIP6]:80
lab_up

add_dr_service "$SVC" rr

listing=$(xvsadm_dir -Ln)
expect_match "-Ln lists the IPv6 service" "TCP  \[$VIP6\]:80 rr" "$listing"
expect_match "-Ln lists rs1 by its IPv6 address" \
	"  -> \[$(rs_ip6 1)\]:80 +Route +1 " "$listing"

# Newest first, as for IPv4: rs3, rs2, rs1, around again.
expect_eq "6 new IPv6 connections answered in rr order" \
	"rs3 rs2 rs1 rs3 rs2 rs1" "$(who_answers 6 "http://$SVC/" -6)"
read -r _ _ conns _ < <(service_line --stats "$SVC")
expect_eq "service --stats Conns" 6 "${conns:-}"
