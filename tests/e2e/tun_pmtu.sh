#!/bin/bash
# ICMP errors about a connection reach the real server that owns it, over
# IPv4 and IPv6.  The router's link toward the client gets a 1400-byte MTU,
# so the real servers' full-size replies (sent from the VIP, DF set) make the router
# answer "fragmentation needed" to the VIP -- that is, to the director.
# Only if the director passes the error down the tunnel to the real server
# does its TCP lower the path MTU; otherwise the download stalls.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

lab_up --mode tun --rs 1
add_tun_service "$VIP:80" rr "" 1:1
check "router's link toward the client: MTU 1400" on rt ip link set eth0 mtu 1400
size=$(on cl curl -s -o /dev/null --max-time 30 -w '%{size_download}' "http://$VIP/big")
expect_eq "the 20 MB download through the tunnel completes" 20971520 "$size"
related=$(xvsadm_dir --xvs-reasons | awk '$1 == "icmp_related" { print $2 }')
check "the director passed ICMP errors on to the real server" test "${related:-0}" -gt 0

# The same over IPv6: the router answers ICMPv6 "packet too big".
add_tun_service "[$VIP6]:80" rr "" 1:1
before=$(xvsadm_dir --xvs-reasons | awk '$1 == "icmp_related" { print $2 }')
size=$(on cl curl -6 -s -o /dev/null --max-time 30 -w '%{size_download}' "http://[$VIP6]/big")
expect_eq "IPv6: the 20 MB download through the tunnel completes" 20971520 "$size"
after=$(xvsadm_dir --xvs-reasons | awk '$1 == "icmp_related" { print $2 }')
check "IPv6: the director passed ICMPv6 errors on to the real server" test "${after:-0}" -gt "${before:-0}"
