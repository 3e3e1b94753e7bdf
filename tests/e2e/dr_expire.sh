#!/bin/bash
# Connection entries expire in the data plane with no user space running:
# with tcpfin = 2 s a closed connection leaves -Lnc and InActConn on its own.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
RS=$(rs_ip 1):80
lab_up --rs 1

check "set timeouts tcp 900, tcpfin 2, udp 300" xvsadm_dir --set 900 2 300
expect_eq "--timeout shows them" "Timeout (tcp tcpfin udp): 900 2 300" \
	"$(xvsadm_dir -L --timeout)"
add_dr_service "$SVC" rr 1:1

expect_eq "one request answered by rs1" rs1 "$(fetch "http://$VIP/")"
# curl closed the connection first: the director saw the client's FIN, so
# the entry is in FIN_WAIT (input-only state table) with the 2 s timeout.
expect_match "-Lnc shows the connection in FIN_WAIT" \
	"^TCP +00:0[0-2] +FIN_WAIT +192\.0\.2\.100:[0-9]+ +$VIP:80 +$RS\$" \
	"$(conn_rows)"
read -r _ _ _ _ active inact < <(dest_line "$SVC" "$RS")
expect_eq "rs1 counts it as inactive" "0 1" "${active:-} ${inact:-}"

# No xvsadm (nor anything else of ours) runs while the entry expires.
sleep 4
expect_eq "-Lnc is empty after tcpfin" "" "$(conn_rows)"
read -r _ _ _ _ active inact < <(dest_line "$SVC" "$RS")
expect_eq "rs1's ActiveConn and InActConn are back to 0" "0 0" \
	"${active:-} ${inact:-}"
