#!/bin/bash
# nat_icmp_send on real traffic through a NAT director: a real server sends
# a datagram from its service's port to the client outside any connection.
#  0 (IPVS's default): the director forwards it unchanged, and the client's
#    kernel answers the real server with port unreachable itself.
#  1: the director answers the real server with port unreachable, from its
#    own address toward the server, and the client never sees the datagram.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

GW=198.51.100.1 # the director's address on the real servers' side
lab_up --mode nat

check "add UDP service $VIP:53 rr" xvsadm_dir -A -u "$VIP:53" -s rr
for k in 1 2 3; do
	check "add rs$k" xvsadm_dir -a -u "$VIP:53" -r "$(rs_ip "$k"):53" -m
done

# stray PORT: rs1 sends a datagram from its port 53 to the client's PORT.
stray() {
	on rs1 timeout 5 perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(Proto => "udp", LocalPort => 53,
			PeerAddr => "$ARGV[0]:$ARGV[1]") or die "socket: $!";
		$s->send("stray") or die "send: $!"' "$CLIENT" "$1"
}

# unreachable_from PORT: the sources of the port unreachables about the
# client's PORT that rs1 got (capture "rs1-icmp").
unreachable_from() {
	awk -v port="$1" '$0 ~ "udp port " port " unreachable" { print $3 }' \
		"$LAB_RUN/rs1-icmp.tcpdump" | sort -u | tr '\n' ' ' | sed 's/ $//'
}

start_capture rs1 rs1-icmp "icmp"
start_capture cl cl-udp "udp and src host $(rs_ip 1)"
check "rs1 sends a datagram from port 53 to the client's closed port 40001" stray 40001
stop_capture
expect_eq "nat_icmp_send=0: the client got the datagram" 1 \
	"$(grep -c '\.53 > [0-9.]*\.40001:' "$LAB_RUN/cl-udp.tcpdump")"
expect_eq "... and its kernel answered rs1 itself" "$CLIENT" "$(unreachable_from 40001)"

check "nat_icmp_send=1" xvsadm_dir --xvs-sysctl nat_icmp_send=1
start_capture rs1 rs1-icmp "icmp"
start_capture cl cl-udp "udp and src host $(rs_ip 1)"
check "rs1 sends a datagram from port 53 to the client's closed port 40002" stray 40002
stop_capture
expect_eq "nat_icmp_send=1: the director answered rs1 (from $GW)" "$GW" "$(unreachable_from 40002)"
expect_eq "... and the client never saw the datagram" 0 \
	"$(grep -c '\.40002:' "$LAB_RUN/cl-udp.tcpdump")"
expect_line "it is counted as nat_icmp_send" "^nat_icmp_send +1$" "$(xvsadm_dir --xvs-reasons)"

lib_exit
