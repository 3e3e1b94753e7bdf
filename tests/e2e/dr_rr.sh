#!/bin/bash
# Round robin in direct-routing mode: new connections follow IPVS's rr order
# and the per-server counters move with them.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
lab_up

add_dr_service "$SVC" rr

listing=$(xvsadm_dir -Ln)
expect_match "-Ln lists the service" "TCP  $SVC rr" "$listing"
for k in 1 2 3; do
	expect_match "-Ln lists rs$k as Route, weight 1" \
		"  -> $(rs_ip "$k"):80 +Route +1 " "$listing"
done

# IPVS keeps real servers newest first and rr starts at the head of that
# list: rs3 (added last), rs2, rs1, then around again.
expect_eq "6 new connections answered in rr order" \
	"rs3 rs2 rs1 rs3 rs2 rs1" "$(who_answers 6 "http://$VIP/")"

# Each server had two connections; once curl has closed them (client FIN)
# they sit in FIN_WAIT, counted as inactive, until tcpfin expires (120 s).
for k in 1 2 3; do
	read -r _ _ _ _ active inact < <(dest_line "$SVC" "$(rs_ip "$k"):80")
	expect_eq "rs$k ActiveConn InActConn" "0 2" "${active:-} ${inact:-}"
	read -r _ _ conns _ < <(dest_line --stats "$SVC" "$(rs_ip "$k"):80")
	expect_eq "rs$k --stats Conns" 2 "${conns:-}"
done
expect_eq "-Lnc lists the 6 connections in FIN_WAIT" 6 \
	"$(conn_rows | grep -c ' FIN_WAIT ')"
read -r _ _ conns _ < <(service_line --stats "$SVC")
expect_eq "service --stats Conns" 6 "${conns:-}"
