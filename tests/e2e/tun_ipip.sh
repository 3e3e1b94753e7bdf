#!/bin/bash
# LVS-TUN with IPIP, the default tunnel type.  The real servers sit behind a
# router, in a subnet of their own; the director wraps each client packet in
# a packet to the chosen server's own address, the server unwraps it
# (xvs-realserver tun) and answers the client from the VIP, through the
# router.  New connections follow rr order, the router sees only tunnelled
# packets from the director carrying the client's packets, the client's
# replies come from the VIP through the router, never through the director,
# a client's full-size packets teach it a path MTU that fits the tunnel,
# and load sees no errors.  tun_gue.sh, tun_gre.sh and tun_ipv6.sh run
# these checks on other tunnels.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

if [[ ${TUN_TEST_FAMILY:-4} == 6 ]]; then
	SVC=[$VIP6]:80 FROM=$CLIENT6 TO=$VIP6 VIA=$DIRECTOR6 rs_addr=rs_ip6 curl_opts=(-6)
	ip=ip6 ipip=41
else
	SVC=$VIP:80 FROM=$CLIENT TO=$VIP VIA=$DIRECTOR rs_addr=rs_ip curl_opts=()
	ip=ip ipip=4
fi
# TUN_OPTS: the -a options after -i; TUN_FILTER: the tunnelled packets, for
# tcpdump.
case ${TUN_TEST_TYPE:-ipip} in
ipip) TUN_OPTS="" TUN_FILTER="$ip proto $ipip" ;;
gre) TUN_OPTS="--tun-type gre" TUN_FILTER="$ip proto 47" ;;
gue)
	TUN_OPTS="--tun-type gue --tun-port $GUE_PORT"
	TUN_FILTER="$ip and udp dst port $GUE_PORT"
	;;
esac
URL=http://$SVC/
lab_up --mode tun

add_tun_service "$SVC" rr "$TUN_OPTS"
expect_eq "-Ln lists the service" "TCP $SVC rr" \
	"$(service_line "$SVC" | awk '{ print $1, $2, $3 }')"
expect_dests_listed "$SVC" Tunnel

# expect_tunnelled: every packet the router passed to the real servers'
# subnet (the capture "tunnel" on its eth1) went from the director to a real
# server's own address, every server got some, and each carried a packet
# from the client to the VIP (both addresses in a row, as in an IP header).
expect_tunnelled() {
	local packets inner k failed=$CASES_FAILED
	packets=$(capture_packets tunnel)
	inner=$(addr_hex "$FROM")$(addr_hex "$TO")
	check "the router passed tunnelled packets" test -n "$packets" || return 1
	expect_eq "all tunnelled packets come from the director" "$VIA" \
		"$(awk '{ print $1 }' <<<"$packets" | sort -u)"
	expect_eq "tunnelled packets went to every real server's own address" \
		"$(for ((k = 1; k <= LAB_RS; k++)); do "$rs_addr" "$k"; done | sort)" \
		"$(awk '{ print $2 }' <<<"$packets" | sort -u)"
	expect_eq "every tunnelled packet carries one from $FROM to $TO" 0 \
		"$(awk -v inner="$inner" '!index($3, inner)' <<<"$packets" | wc -l)"
	((CASES_FAILED == failed))
}

# Newest first, as for DR and NAT: rs3, rs2, rs1, around again.
router_mac=$(host_mac rt)
start_capture -x --interface=eth1 rt tunnel "$TUN_FILTER"
capture_answers 6 "$URL" "${curl_opts[@]}"
expect_eq "6 new connections answered in rr order" \
	"rs3 rs2 rs1 rs3 rs2 rs1" "$ANSWERS"
expect_sources "the client's packets all come from $SVC" "$TO.80"
expect_eq "the client's packets all come through the router ($router_mac)" \
	"$router_mac" "$(capture_macs)"
if ! expect_tunnelled; then
	note "capture on the router's eth1 ($TUN_FILTER):"
	indent <"$LAB_RUN/tunnel.tcpdump"
fi
expect_asked_by_client "$FROM" "$SVC"

# A full-size packet does not fit in the tunnel: the director answers it
# with ICMP "fragmentation needed" (ICMPv6 "packet too big"), and the
# client learns the smaller path MTU.  20 kB written at once go out as
# full-size packets (what the server makes of them does not matter).
# shellcheck disable=SC2016 # $1 is the inner bash's
check "the client sends 20 kB at once to $SVC" on cl timeout 5 bash -c \
	'exec 3<>"/dev/tcp/$1/80" && head -c 20000 /dev/zero >&3 && sleep 1' _ "$TO"
expect_match "the client learned a path MTU below 1500 to the VIP" \
	'mtu 1[0-4][0-9][0-9]' "$(on cl ip route get "$TO")"

run_wrk "$URL"
# The replies to all of that never passed the director.
expect_in_only_counted "$SVC"
