#!/bin/bash
# Weighted round robin: new connections follow IPVS's interleaved wrr
# sequence exactly.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
lab_up

add_dr_service "$SVC" wrr 1:3 2:2 3:1
expect_match "-Ln lists the service as wrr" "TCP  $SVC wrr" "$(xvsadm_dir -Ln)"

# The kernel's wrr (specs/ipvs.md §3.2, ip_vs_wrr.c) walks the list newest
# first: rs3(w1), rs2(w2), rs1(w3).  Its cursor cw survives each -a:
#   service created: no dests, mw = 0, cw = 0
#   -a rs1 w3: di = gcd(3) = 3, mw = 3 - (di-1) = 1, cw was 0 -> cw = mw = 1
#   -a rs2 w2: di = 1, mw = 3; cw = 1 is kept (not 0, not > mw, di = 1)
#   -a rs3 w1: the same, cw = 1
# Scheduling then picks, from the head, servers with weight >= cw:
#   cw=1: rs3 rs2 rs1;  end of list, cw=0 -> cw = mw = 3: rs1;
#   cw=2: rs2 rs1;      cw=1: rs3 rs2 rs1;  cw=3 again: rs1 ...
# so after the first partial pass the cycle is rs1 rs2 rs1 rs3 rs2 rs1 (3:2:1).
expect_eq "12 new connections follow the wrr sequence" \
	"rs3 rs2 rs1 rs1 rs2 rs1 rs3 rs2 rs1 rs1 rs2 rs1" \
	"$(who_answers 12 "http://$VIP/")"

for k in 1 2 3; do
	read -r _ _ _ weight _ < <(dest_line "$SVC" "$(rs_ip "$k"):80")
	expect_eq "-Ln shows rs$k's weight" "$((4 - k))" "${weight:-}"
done
