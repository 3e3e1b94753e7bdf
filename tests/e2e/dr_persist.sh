#!/bin/bash
# Persistence on real traffic: with -p every new connection of a client goes
# to the server its first one went to (rr alone would rotate), -Lnc lists
# the templates as ipvsadm does, -M 255.255.255.0 puts a whole /24 on one
# server, and -Lnc lists connections as ipvsadm does while wrk runs.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
lab_up
add_clients 101 106

add_real_servers() {
	local k
	for ((k = 1; k <= LAB_RS; k++)); do
		check "add rs$k" xvsadm_dir -a -t "$SVC" -r "$(rs_ip "$k"):80" -g
	done
}

# Control: rr without persistence moves a client from server to server.
check "add service $SVC rr" xvsadm_dir -A -t "$SVC" -s rr
add_real_servers
table=$(answers_by_client 3)
moving=$(echo "$table" | awk '!($2 == $3 && $3 == $4)' | wc -l)
expect_eq "without -p: every client's 3 connections went to different servers" 6 "$moving"

check "make the service persistent: -E -p 60" xvsadm_dir -E -t "$SVC" -s rr -p 60
table=$(answers_by_client 4)
note "-p 60: $(echo "$table" | tr '\n' ';')"
pinned=$(echo "$table" | awk '$2 == $3 && $3 == $4 && $4 == $5 && $2 ~ /^rs[1-3]$/' | wc -l)
expect_eq "-p: each client's 4 connections went to one server" 6 "$pinned"
used=$(echo "$table" | awk '{ print $2 }' | sort -u | wc -l)
expect_eq "-p: the 6 clients are spread over the 3 servers" 3 "$used"
expect_line "-Ln shows the persistence" "^TCP  $SVC rr persistent 60" "$(xvsadm_dir -Ln)"
rows=$(conn_rows)
note "-Lnc:"
printf '%s\n' "$rows" | indent
for c in "${CLIENTS[@]}"; do
	rs=$(echo "$table" | awk -v c="$c" '$1 == c { print substr($2, 3) }')
	expect_line "-Lnc lists $c's template to rs$rs" \
		"^TCP 00:(59|60)  (NONE|ASSURED) +$c:0 +$SVC +$(rs_ip "$rs"):80\$" "$rows"
done
expect_line "-Lnc lists the connections of the templates" \
	"^TCP [0-9]{2}:[0-9]{2}  (TIME_WAIT|FIN_WAIT|CLOSE) +192\.0\.2\.101:[0-9]+ +$SVC " "$rows"
listing=$(xvsadm_dir -Ln --persistent-conn)
note "-Ln --persistent-conn:"
printf '%s\n' "$listing" | indent
persist=$(echo "$listing" | awk '$1 == "->" && $2 ~ /:80$/ { sum += $4 } END { print sum }')
expect_eq "--persistent-conn counts 6 templates" 6 "$persist"

check "one /24 per template: -E -p 60 -M 255.255.255.0" \
	xvsadm_dir -E -t "$SVC" -s rr -p 60 -M 255.255.255.0
table=$(answers_by_client 2)
note "-M 255.255.255.0: $(echo "$table" | tr '\n' ';')"
used=$(echo "$table" | awk '{ print $2; print $3 }' | sort -u | wc -l)
expect_eq "-M 255.255.255.0: all 6 clients of 192.0.2.0/24 went to one server" 1 "$used"
expect_line "-Lnc lists the /24 template" "^TCP 00:(59|60)  (NONE|ASSURED) +192\.0\.2\.0:0 +$SVC " "$(conn_rows)"

# -Lnc while wrk runs: rows as ipvsadm prints them, ESTABLISHED among them.
check "back to plain rr" xvsadm_dir -E -t "$SVC" -s rr
bg_on cl "$TEST_TMP/wrk.out" timeout 20 wrk -t2 -c20 -d4s --timeout 2s "http://$VIP/"
wrk_pid=$BG_PID
sleep 2
rows=$(conn_rows)
note "-Lnc during wrk ($(echo "$rows" | wc -l) rows), the first:"
printf '%s\n' "$rows" | head -5 | indent
bad=$(echo "$rows" | grep -Evc '^(TCP|IP ) [0-9]{2}:[0-9]{2}  [A-Z_]{4,11} +[0-9.]+:[0-9]+ +[0-9.]+:[0-9]+ +[0-9.]+:[0-9]+$')
expect_eq "every -Lnc row has ipvsadm's layout" 0 "$bad"
established=$(echo "$rows" | grep -Ec "^TCP 1[45]:[0-9]{2}  ESTABLISHED +192\.0\.2\.100:[0-9]+ +$SVC ")
((established >= 10)) && ok "-Lnc lists wrk's connections ESTABLISHED ($established)" ||
	not_ok "-Lnc lists wrk's connections ESTABLISHED ($established)"
wait_pid "$wrk_pid" 20
expect_eq "wrk ran to the end" 0 "$?"
expect_match "wrk completed requests" '[1-9][0-9]* requests in' "$(cat "$TEST_TMP/wrk.out")"
expect_no_match "wrk: no socket errors" "Socket errors" "$(cat "$TEST_TMP/wrk.out")"

lib_exit
