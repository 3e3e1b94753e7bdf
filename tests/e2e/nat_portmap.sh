#!/bin/bash
# LVS-NAT with port mapping: the service is on port 80, the real servers on
# 8080.  The director rewrites the port on the way in and back on the way
# out, so the client sees only VIP:80.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
lab_up --mode nat

add_nat_service "$SVC" rr 1:1:8080 2:1:8080 3:1:8080
expect_dests_listed "$SVC" Masq 8080

# The real servers listen on 80 too: only their logs tell the ports apart.
capture_answers 3 "http://$VIP/"
expect_eq "3 new connections answered by every real server" \
	"rs3 rs2 rs1" "$ANSWERS"
expect_asked_by_client "$CLIENT" "$SVC" 8080
expect_sources "the client's packets all come from $SVC" "$VIP.80"

# The same over IPv6.
SVC6=[$VIP6]:80
add_nat_service "$SVC6" rr 1:1:8080 2:1:8080 3:1:8080
expect_dests_listed "$SVC6" Masq 8080
capture_answers 3 "http://$SVC6/" -6
expect_eq "IPv6: 3 new connections answered by every real server" \
	"rs3 rs2 rs1" "$ANSWERS"
expect_asked_by_client "$CLIENT6" "$SVC6" 8080
expect_sources "IPv6: the client's packets all come from $SVC6" "$VIP6.80"
run_wrk "http://$SVC6/"
