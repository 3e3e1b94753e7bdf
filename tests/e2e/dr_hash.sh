#!/bin/bash
# Hashing schedulers on real traffic from 16 client addresses: sh sends
# every connection of one client to the same real server; mh does too, and
# when a real server is added only the clients it takes over move.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
lab_up
add_clients 101 116

add_dr_service "$SVC" sh
table=$(answers_by_client 3)
note "sh: $(echo "$table" | tr '\n' ';')"
pinned=$(echo "$table" | awk '$2 == $3 && $3 == $4 && $2 ~ /^rs[1-3]$/' | wc -l)
expect_eq "sh: each client's 3 connections went to one server" 16 "$pinned"
used=$(echo "$table" | awk '{ print $2 }' | sort -u | wc -l)
expect_eq "sh: the clients are spread over all 3 servers" 3 "$used"
check "delete the sh service" xvsadm_dir -D -t "$SVC"

add_dr_service "$SVC" mh 1:1 2:1
before=$(answers_by_client 2)
pinned=$(echo "$before" | awk '$2 == $3 && $2 ~ /^rs[12]$/' | wc -l)
expect_eq "mh: each client's connections went to one of rs1, rs2" 16 "$pinned"
check "add rs3 to the mh service" xvsadm_dir -a -t "$SVC" -r "$(rs_ip 3):80" -g
after=$(answers_by_client 1)
moved=$(join <(echo "$before" | awk '{ print $1, $2 }' | sort) <(echo "$after" | sort) |
	awk '$2 != $3 { print $3 }')
note "mh: moved on adding rs3: $(echo "$moved" | sort | uniq -c | tr '\n' ' ')"
to_rs3=$(echo "$moved" | grep -c '^rs3$')
elsewhere=$(echo "$moved" | grep -c -v -e '^rs3$' -e '^$')
((to_rs3 >= 1)) && ok "mh: rs3 took over some clients ($to_rs3 of 16)" ||
	not_ok "mh: rs3 took over some clients ($to_rs3 of 16)"
((elsewhere <= 1)) && ok "mh: the others stayed where they were ($elsewhere moved elsewhere)" ||
	not_ok "mh: the others stayed where they were ($elsewhere moved elsewhere)"
