#!/bin/bash
# -R reads what -S writes and what ipvsadm-save writes; xvsadm-restore and
# xvsadm-save round-trip a table on a running data plane, and traffic is
# balanced by what was restored.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

lab_up
add_dr_service "$VIP:80" wrr 1:3 2:2 3:1
add_dr_service "[$VIP6]:80" rr
saved=$(xvsadm_dir -S -n)
expect_match "-S writes the wrr service" "^-A -t $VIP:80 -s wrr" "$saved"
expect_match "-S writes rs1 with its weight" "-a -t $VIP:80 -r $(rs_ip 1):80 -g -w 3" "$saved"

check "flush" xvsadm_dir -C
expect_eq "table empty after -C" "" "$(xvsadm_dir -S -n)"
check "-R reads what -S wrote" on dir sh -c "printf '%s\n' \"\$1\" | $XVSADM -R" sh "$saved"
expect_eq "-S after -R is what was saved" "$saved" "$(xvsadm_dir -S -n)"
expect_answers_from "restored IPv4 service answers" "$(who_answers 3 "http://$VIP/")" rs1 rs2 rs3

# ipvsadm-save's output, as an operator's existing rules file holds it
# (ipvsadm tokens are dropped, as ipvsadm -R drops them).
rules="-A -t $VIP:8080 -s rr
-a -t $VIP:8080 -r $(rs_ip 1):8080 -g -w 1
ipvsadm -a -t $VIP:8080 -r $(rs_ip 2):8080 -g -w 1
-A -u $VIP:5060 -s rr -p 60 --pe sip -o
-a -u $VIP:5060 -r $(rs_ip 3):5060 -g -w 1"
check "-R reads ipvsadm-save rules" on dir sh -c "printf '%s\n' \"\$1\" | $XVSADM -R" sh "$rules"
expect_match "port 8080 service listed" "TCP  $VIP:8080 rr" "$(xvsadm_dir -Ln)"
expect_match "SIP service listed with its engine" "UDP  $VIP:5060 rr persistent 60 pe sip ops" "$(xvsadm_dir -Ln)"

check "xvsadm-save > file" on dir sh -c "$(dirname "$XVSADM")/xvsadm-save -n > $LAB_RUN/rules"
check "xvsadm-restore < file" on dir sh -c "$(dirname "$XVSADM")/xvsadm-restore < $LAB_RUN/rules"
expect_eq "save/restore scripts round-trip" "$(cat "$LAB_RUN/rules")" "$(xvsadm_dir -S -n)"

# -R takes every ipvsadm line, a sync daemon's too
check "a restore starts a sync daemon" on dir sh -c "printf '%s\n' \"\$1\" | $XVSADM -R" sh \
	"--start-daemon master --mcast-interface eth0 --syncid 9"
expect_eq "which -L --daemon lists" \
	"master sync daemon (mcast=eth0, syncid=9, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)" \
	"$(xvsadm_dir -L --daemon)"
check "--stop-daemon stops it" xvsadm_dir --stop-daemon master
