#!/bin/bash
# The data plane serves every non-loopback interface of the director's
# namespace; an interface that appears later is served from the next xvsadm
# run on, and XVS_IFACES restricts the set.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

lab_up
add_dr_service "$VIP:80" rr

ifaces=$(xvsadm_dir --xvs-ifaces)
expect_match "eth0 is served in native mode" "eth0 [0-9]+ native" "$ifaces"
expect_no_match "loopback is not served" "(^|[^a-z0-9])lo [0-9]" "$ifaces"

check "add interface eth1 to the director" on dir ip link add eth1 type veth peer name eth9
check "bring eth1 up" on dir ip link set eth1 up
xvsadm_dir -Ln >/dev/null
ifaces=$(xvsadm_dir --xvs-ifaces)
expect_match "eth1 is served after the next run" "eth1 [0-9]+ native" "$ifaces"
expect_match "eth0 is still served" "eth0 [0-9]+ native" "$ifaces"

check "restrict to eth0" on dir env XVS_IFACES=eth0 "$XVSADM" -Ln
ifaces=$(xvsadm_dir --xvs-ifaces)
expect_no_match "eth1 is no longer served" "eth1 [0-9]" "$ifaces"
expect_match "eth0 keeps being served" "eth0 [0-9]+ native" "$ifaces"
expect_answers_from "traffic still balanced after the change" "$(who_answers 3 "http://$VIP/")" rs1 rs2 rs3
