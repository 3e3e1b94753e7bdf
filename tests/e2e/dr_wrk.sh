#!/bin/bash
# Load through the director: wrk with keep-alive connections sees no socket
# error and no error status, and every real server takes a share.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
lab_up

add_dr_service "$SVC" rr
for k in 1 2 3; do
	before[k]=$(requests_served "$k")
done

out=$(on cl timeout 20 wrk -t2 -c20 -d3s --timeout 2s "http://$VIP/" 2>&1)
rc=$?
note "wrk:"
printf '%s\n' "$out" | indent
expect_eq "wrk ran to the end" 0 "$rc"
expect_match "wrk completed requests" '[1-9][0-9]* requests in' "$out"
# wrk prints these lines only when there is something to count.
expect_no_match "no socket errors" "Socket errors" "$out"
expect_no_match "no non-2xx/3xx answers" "Non-2xx" "$out"

# 20 connections scheduled rr over 3 servers: each gets 6 or 7 of them.
for k in 1 2 3; do
	served=$(($(requests_served "$k") - before[k]))
	note "rs$k served $served requests"
	check "rs$k served requests" test "$served" -gt 0
done
