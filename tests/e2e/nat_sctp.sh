#!/bin/bash
# SCTP through a masquerading director, the real servers on another port:
# the director rewrites the port both ways, and SCTP's CRC32c covers it,
# so each receiver's check of every packet's checksum shows the director
# kept it right.  Both ends are build/tests/xvs-sctp-peer (this kernel has
# no SCTP); the association walks IPVS's NAT states to CLOSED.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

PEER=$E2E_ROOT/build/tests/xvs-sctp-peer
SVC=$VIP:3868
RPORT=3869
[[ -x $PEER ]] || bail "no $PEER (run make)"
lab_up --mode nat

for k in 1 2 3; do
	bg_on "rs$k" "$TEST_TMP/rs$k.log" timeout 120 "$PEER" serve "$RPORT" "rs$k"
done
check "add service --sctp-service $SVC rr" xvsadm_dir -A --sctp-service "$SVC" -s rr
for k in 1 2 3; do
	check "add rs$k on port $RPORT, masqueraded" \
		xvsadm_dir -a --sctp-service "$SVC" -r "$(rs_ip "$k"):$RPORT" -m
done

# Each association sends DATA twice, a second apart; the server names itself.
got=()
for p in 41001 41002 41003 41004 41005 41006; do
	out=$(on cl timeout 20 "$PEER" assoc "$VIP" 3868 --sport "$p" --hold 1 2>&1) || note "$p: $out"
	got+=("$(echo "$out" | sort -u | tr '\n' ' ' | sed 's/ $//')")
done
expect_eq "6 associations through NAT, each answered twice by one server, in rr order" \
	"rs3 rs2 rs1 rs3 rs2 rs1" "${got[*]}"
expect_eq "no real server saw a bad checksum" 0 "$(cat "$TEST_TMP"/rs*.log | grep -c bad-crc)"
rows=$(conn_rows)
note "-Lnc:"
printf '%s\n' "$rows" | indent
expect_eq "-Lnc lists the 6 associations closed, to port $RPORT" 6 \
	"$(echo "$rows" | grep -cE "^SCTP (00:5[0-9]|01:0[01])  CLOSED +$CLIENT:4100[1-6] +$SVC +198\.51\.100\.1[1-3]:$RPORT\$")"
for k in 1 2 3; do
	expect_match "rs$k counts 2 associations, 6 chunks in and 5 answers out each" \
		"^ *-> +[^ ]+ +2 +12 +10 " "$(dest_line --stats "$SVC" "$(rs_ip "$k"):$RPORT")"
done
