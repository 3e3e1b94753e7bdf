#!/bin/bash
# A firewall-mark service on real traffic: xvs's own classification rule
# (--xvs-mark) puts the VIP's port 80 into mark 1, the mark service balances
# it, -Ln/-S/-Lnc show it as ipvsadm does, persistence pins a client under
# a template of protocol IP, and a rule that excludes a source MAC (the
# seed's cure for directors bouncing packets) leaves that sender's frames to
# the kernel.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

lab_up

check "classify $VIP tcp port 80 as mark 1" xvsadm_dir --xvs-mark 1 "$VIP" tcp port 80
expect_eq "--xvs-mark lists the rule" "1 $VIP/32 tcp port 80" "$(xvsadm_dir --xvs-mark)"
check "add service -f 1 rr" xvsadm_dir -A -f 1 -s rr
for ((k = 1; k <= LAB_RS; k++)); do
	check "add rs$k" xvsadm_dir -a -f 1 -r "$(rs_ip "$k")" -g
done
answers=$(who_answers 6 "http://$VIP/")
note "mark 1 answers: $answers"
expect_answers_from "every request answered by a real server" "$answers" rs1 rs2 rs3
used=$(tr ' ' '\n' <<<"$answers" | sort -u | wc -l)
expect_eq "rr spread 6 requests over the 3 servers" 3 "$used"
expect_line "-Ln lists the mark service" "^FWM  1 rr\$" "$(xvsadm_dir -Ln)"
expect_line "-S saves it" "^-A -f 1 -s rr\$" "$(xvsadm_dir -Sn)"
expect_line "-S saves its servers" "^-a -f 1 -r $(rs_ip 1):0 -g -w 1\$" "$(xvsadm_dir -Sn)"
expect_line "-Lnc lists its connections" "^TCP [0-9]{2}:[0-9]{2}  [A-Z_]+ +$CLIENT:[0-9]+ +$VIP:80 +192\.0\.2\.1[1-3]:80\$" \
	"$(conn_rows)"

check "make it persistent: -E -f 1 -s rr -p 60" xvsadm_dir -E -f 1 -s rr -p 60
answers=$(who_answers 4 "http://$VIP/")
note "persistent mark 1 answers: $answers"
expect_eq "-p: one client, one server" 1 "$(tr ' ' '\n' <<<"$answers" | sort -u | wc -l)"
expect_line "-Lnc lists the template as IPVS's: protocol IP, the mark as address" \
	"^IP  00:(59|60)  (NONE|ASSURED) +$CLIENT:0 +0\.0\.0\.1:0 +192\.0\.2\.1[1-3]:0\$" "$(conn_rows)"

mac=$(host_mac cl)
check "replace the rule by one that excludes the client's MAC $mac" \
	xvsadm_dir --xvs-mark 1 "$VIP" tcp port 80 not-from "$mac"
check "delete the first rule" xvsadm_dir --xvs-mark-del 1 "$VIP" tcp port 80
before=$(xvsadm_dir --xvs-reasons | awk '$1 == "pass_not_service" { print $2 }')
# the director's own stack answers (refused) or not at all: no real server
expect_match "the client's requests are not balanced now" '^FAIL\((7|28)\)$' "$(fetch "http://$VIP/" --max-time 2)"
after=$(xvsadm_dir --xvs-reasons | awk '$1 == "pass_not_service" { print $2 }')
((after > before)) && ok "its frames went to the kernel ($((after - before)) counted pass_not_service)" ||
	not_ok "its frames went to the kernel ($((after - before)) counted pass_not_service)"
check "delete the excluding rule" xvsadm_dir --xvs-mark-del 1 "$VIP" tcp port 80 not-from "$mac"
expect_eq "no rules left" "" "$(xvsadm_dir --xvs-mark)"

lib_exit
