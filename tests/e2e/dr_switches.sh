#!/bin/bash
# IPVS's switches for what no connection knows, on real traffic in a DR lab:
#  - schedule_icmp: the client's kernel answers a datagram that a real
#    server sent from the VIP to a closed port with port unreachable,
#    addressed to the VIP; the director has no entry for it.  0: the
#    director's kernel takes the error.  1: it is scheduled as the flow it
#    quotes, and a real server gets it.
#  - drop_entry=3: half-open connections (the real servers refuse them
#    straight to the client, so the director keeps them SYN_RECV for 60 s)
#    are dropped, some each second.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

lab_up

# ----------------------------------------------------------- schedule_icmp
check "add UDP service $VIP:53 rr" xvsadm_dir -A -u "$VIP:53" -s rr
for k in 1 2 3; do
	check "add rs$k" xvsadm_dir -a -u "$VIP:53" -r "$(rs_ip "$k"):53" -g
done

# send_from_vip K PORT: rs K sends a datagram from VIP:53 to the client's PORT.
send_from_vip() {
	on "rs$1" timeout 5 perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(Proto => "udp", LocalAddr => $ARGV[0],
			LocalPort => 53, PeerAddr => "$ARGV[1]:$ARGV[2]") or die "socket: $!";
		$s->send("stray") or die "send: $!"' "$VIP" "$CLIENT" "$2"
}

# capture_errors: capture, on every real server, ICMP addressed to the VIP.
capture_errors() {
	local k
	for k in 1 2 3; do
		start_capture "rs$k" "icmp-rs$k" "icmp and dst host $VIP"
	done
}
# errors_seen PORT: how many port unreachables about the client's PORT the
# real servers got, together.
errors_seen() {
	local k n total=0
	for k in 1 2 3; do
		n=$(grep -c "udp port $1 unreachable" "$LAB_RUN/icmp-rs$k.tcpdump")
		total=$((total + n))
	done
	echo "$total"
}

capture_errors
check "rs1 sends a datagram from $VIP:53 to the client's closed port 40001" send_from_vip 1 40001
stop_capture
expect_eq "schedule_icmp=0: no real server gets the client's error" 0 "$(errors_seen 40001)"
expect_eq "... and the director made no entry for it" "" \
	"$(conn_rows | awk '$3 == "'$CLIENT':40001"')"

check "schedule_icmp=1" xvsadm_dir --xvs-sysctl schedule_icmp=1
capture_errors
check "rs1 sends a datagram from $VIP:53 to the client's closed port 40002" send_from_vip 1 40002
stop_capture
expect_eq "schedule_icmp=1: one real server gets the client's error" 1 "$(errors_seen 40002)"
expect_match "-Lnc shows the entry made for it, for 3 s" \
	"UDP +00:0[0-3] +UDP +$CLIENT:40002 +$VIP:53 +192\.0\.2\.1[1-3]:53" "$(conn_rows)"
expect_line "it is counted as icmp_scheduled" "^icmp_scheduled +1$" "$(xvsadm_dir --xvs-reasons)"

# -------------------------------------------------------------- drop_entry
HALF=48
add_dr_service "$VIP:81" rr
for ((i = 0; i < HALF; i++)); do
	on cl curl -s --max-time 2 "http://$VIP:81/" >/dev/null 2>&1
done
half_open() { conn_rows | awk '$1 == "TCP" && $3 == "SYN_RECV" && $5 == "'$VIP':81"' | wc -l; }
expect_eq "the $HALF refused connections are SYN_RECV at the director" "$HALF" "$(half_open)"
sleep 3
expect_eq "drop_entry=0: all $HALF are still there 3 s on" "$HALF" "$(half_open)"
check "drop_entry=3" xvsadm_dir --xvs-sysctl drop_entry=3
sleep 10
left=$(half_open)
note "$left of $HALF half-open entries left after 10 s of drop_entry=3"
check "some were dropped (one in 32 looked at each second)" test "$left" -lt "$HALF"
expect_match "they are counted as drop_entry" "drop_entry +[1-9]" "$(xvsadm_dir --xvs-reasons)"
expect_line "the switch reads back 3" "^drop_entry = 3$" "$(xvsadm_dir --xvs-sysctl)"
check "drop_entry=0" xvsadm_dir --xvs-sysctl drop_entry=0

lib_exit
