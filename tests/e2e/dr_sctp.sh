#!/bin/bash
# SCTP services (--sctp-service) in direct routing.  This kernel has no SCTP,
# so both ends are build/tests/xvs-sctp-peer over raw sockets: a real
# handshake, DATA and SHUTDOWN, every packet's CRC32c checked by the
# receiver.  New associations follow rr, -Lnc lists them in IPVS's SCTP
# states, and the client of a deleted real server gets an ABORT.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

PEER=$E2E_ROOT/build/tests/xvs-sctp-peer
PORT=2905
SVC=$VIP:$PORT
[[ -x $PEER ]] || bail "no $PEER (run make)"
lab_up

for k in 1 2 3; do
	bg_on "rs$k" "$TEST_TMP/rs$k.log" timeout 120 "$PEER" serve "$PORT" "rs$k"
done
check "add service --sctp-service $SVC rr" xvsadm_dir -A --sctp-service "$SVC" -s rr
for k in 1 2 3; do
	check "add rs$k" xvsadm_dir -a --sctp-service "$SVC" -r "$(rs_ip "$k"):$PORT" -g
done
expect_line "-Ln lists the SCTP service" "^SCTP $SVC rr\$" "$(xvsadm_dir -Ln)"
expect_line "-Sn saves it as ipvsadm does" "^-A --sctp-service $SVC -s rr\$" "$(xvsadm_dir -Sn)"

# assoc SPORT [HOLD]: one association from the client; prints the server.
assoc() { on cl timeout 20 "$PEER" assoc "$VIP" "$PORT" --sport "$1" ${2:+--hold "$2"}; }

got=()
for p in 41001 41002 41003 41004 41005 41006; do
	got+=("$(assoc "$p" | head -1)")
done
expect_eq "6 associations answered in rr order" "rs3 rs2 rs1 rs3 rs2 rs1" "${got[*]}"
rows=$(conn_rows)
note "-Lnc:"
printf '%s\n' "$rows" | indent
expect_eq "-Lnc lists the 6 associations, closed (SHUTDOWN-COMPLETE seen)" 6 \
	"$(echo "$rows" | grep -cE "^SCTP (00:5[0-9]|01:0[01])  CLOSED +$CLIENT:4100[1-6] +$SVC ")"

# An association held open: ESTABLISHED (15 minutes), one active connection.
bg_on cl "$TEST_TMP/held" timeout 30 "$PEER" assoc "$VIP" "$PORT" --sport 42000 --hold 4
held=$BG_PID
held_row() { conn_rows | grep -E "^SCTP 1[45]:[0-9]{2}  ESTABLISHED +$CLIENT:42000 +$SVC "; }
wait_for "-Lnc shows the held association ESTABLISHED with 15 minutes to live" 5 held_row
rs=$(held_row | awk '{ print $6 }')
expect_eq "its real server counts one active connection" 1 \
	"$(dest_line "$SVC" "$rs" | awk '{ print $5 }')"

# Delete its real server while it is held: its next DATA meets an ABORT.
check "delete the held association's real server $rs" xvsadm_dir -d --sctp-service "$SVC" -r "$rs"
wait_pid "$held" 15
expect_eq "the client's next DATA was answered by an ABORT" "aborted" "$(tail -1 "$TEST_TMP/held")"
expect_match "the director sent it (reset_dest_gone)" "reset_dest_gone +[1-9]" "$(xvsadm_dir --xvs-reasons)"
expect_match "a new association goes to a server that is left" "^rs[1-3]$" "$(assoc 42001 | head -1)"
expect_eq "no peer saw a bad checksum" 0 "$(cat "$TEST_TMP"/rs*.log | grep -c bad-crc)"
