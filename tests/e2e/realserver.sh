#!/bin/bash
# build/xvs-realserver on a bare real server (a tun lab built with
# --no-prep): dr puts the VIPs on lo and quiets ARP, a second dr changes
# nothing, status reports it, undo gives everything back; tun does the same
# plus attaching xvs_decap, which undo detaches.  rp_filter is left alone:
# xvs_decap hands the inner packet to the stack on the interface the route
# back to the client uses, so even strict reverse-path filtering passes it.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

lab_up --mode tun --rs 1 --no-prep
check "build/xvs-realserver is built" test -x "$REALSERVER" ||
	bail "no $REALSERVER (run make)"

realserver() { on rs1 "$REALSERVER" "$@"; }

# lo_vips: how many times each VIP is on rs1's lo, "N4 N6".
lo_vips() {
	on rs1 ip -o addr show dev lo | awk -v v4="$VIP/32" -v v6="$VIP6/128" '
		$4 == v4 { n4++ } $4 == v6 { n6++ } END { print n4 + 0, n6 + 0 }'
}

# arp_sysctls: rs1's net.ipv4.conf.all.arp_ignore and arp_announce.
arp_sysctls() {
	on rs1 sysctl -n net.ipv4.conf.all.arp_ignore \
		net.ipv4.conf.all.arp_announce | paste -sd ' '
}

# rp_filter: rs1's reverse-path filtering on eth0, all.rp_filter and
# eth0.rp_filter; the kernel applies the larger (1 strict, 2 loose).
rp_filter() {
	on rs1 sysctl -n net.ipv4.conf.all.rp_filter \
		net.ipv4.conf.eth0.rp_filter | paste -sd ' '
}

# decap_prog: "ID NAME" of the XDP program on rs1's eth0, as ip shows it.
decap_prog() {
	on rs1 ip -d link show dev eth0 |
		sed -n 's/.*prog\/xdp id \([0-9]*\) name \([^ ]*\).*/\1 \2/p'
}

# --- dr
arp_before=$(arp_sysctls)
check "dr $VIP $VIP6" realserver dr "$VIP" "$VIP6"
expect_eq "the VIPs are on lo, once each" "1 1" "$(lo_vips)"
expect_eq "arp_ignore=1 arp_announce=2" "1 2" "$(arp_sysctls)"
status=$(realserver status 2>&1)
expect_match "status reports $VIP" "$VIP" "$status"
expect_match "status reports $VIP6" "$VIP6" "$status"
expect_match "status reports arp_ignore = 1" "arp_ignore[ =]+1" "$status"
check "dr again" realserver dr "$VIP" "$VIP6"
expect_eq "the VIPs are still on lo once each" "1 1" "$(lo_vips)"
expect_eq "arp_ignore=1 arp_announce=2 still" "1 2" "$(arp_sysctls)"
check "undo" realserver undo
expect_eq "undo removed the VIPs from lo" "0 0" "$(lo_vips)"
# after the second dr too, which must not have taken 1 2 for the old values
expect_eq "undo gave arp_ignore and arp_announce their old values" \
	"$arp_before" "$(arp_sysctls)"

# --- tun, on a server with strict reverse-path filtering
on rs1 sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.eth0.rp_filter=1
check "tun --gue-port $GUE_PORT $VIP $VIP6" \
	realserver tun --gue-port "$GUE_PORT" "$VIP" "$VIP6"
read -r prog_id prog_name < <(decap_prog)
expect_eq "ip -d link shows xvs_decap on eth0" xvs_decap "${prog_name:-}"
expect_match "bpftool net shows the program on eth0" \
	"eth0\([0-9]+\) [a-z]+ id ${prog_id:-none}([^0-9]|\$)" "$(on rs1 bpftool net)"
expect_eq "the VIPs are on lo, once each" "1 1" "$(lo_vips)"
expect_eq "arp_ignore=1 arp_announce=2" "1 2" "$(arp_sysctls)"
expect_eq "rp_filter is left strict" "1 1" "$(rp_filter)"
expect_match "status reports xvs_decap" xvs_decap "$(realserver status 2>&1)"
expect_eq "the client still reaches rs1 at its own address" rs1 \
	"$(fetch "http://$(rs_ip 1)/")"
check "undo" realserver undo
expect_eq "undo detached xvs_decap" "" "$(decap_prog)"
expect_no_match "bpftool net shows no XDP program on eth0" "eth0\(" \
	"$(on rs1 bpftool net)"
expect_eq "undo removed the VIPs from lo" "0 0" "$(lo_vips)"
expect_eq "undo gave the arp sysctls their old values" \
	"$arp_before" "$(arp_sysctls)"
expect_eq "undo left rp_filter alone" "1 1" "$(rp_filter)"
