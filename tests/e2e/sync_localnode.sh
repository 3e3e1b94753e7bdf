#!/bin/bash
# Two directors that are each other's real servers (the localnode trap of
# LVS operators' notes): both carry the same virtual service, whose real
# servers are the two directors themselves, dir by its own stack (local)
# and dir2 by DR.  dir runs the master sync daemon, dir2 the backup one
# with backup_only=1, as IPVS wants it: dir2 then balances nothing, so a
# connection dir hands to dir2 is served by dir2's own stack instead of
# being scheduled back to dir, and no packet goes round between them.
# The backup also learns the master's connections, and counts and ignores
# messages that are not its master's.
# shellcheck source-path=SCRIPTDIR source=vrrp_lib.sh
. "$(dirname "$0")/vrrp_lib.sh"

readonly N=20

lab_up --vrrp --rs 1

# nginx on both directors, answering with their name.
web_on() {
	local host=$1 dir=$LAB_RUN/web-$1
	mkdir -p "$dir"
	cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
    access_log $dir/access.log;
    server {
        listen 80;
        location / { return 200 "$host\n"; }
    }
}
CONF
	bg_on "$host" "$dir/out" nginx -p "$dir" -c "$dir/nginx.conf" -g "daemon off;"
}
web_on dir
web_on dir2

# dir holds the VIP; dir2 has it on lo, as a DR real server does.
check "dir has the VIP" on dir ip addr add "$VIP/32" dev eth0
check "dir2 has the VIP on lo" on dir2 ip addr add "$VIP/32" dev lo
on dir2 sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 \
	net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
for host in dir dir2; do
	check "$host: the service" on "$host" "$XVSADM" -A -t "$VIP:80" -s rr
	check "$host: dir as its real server" on "$host" "$XVSADM" -a -t "$VIP:80" -r "$DIRECTOR:80" -g
	check "$host: dir2 as its real server" on "$host" "$XVSADM" -a -t "$VIP:80" -r "$DIRECTOR2_4:80" -g
done
wait_for "dir serves on its own" 5 test "$(on dir curl -s -m 1 "http://$DIRECTOR/")" = dir
wait_for "dir2 serves on its own" 5 test "$(on dir2 curl -s -m 1 "http://$DIRECTOR2_4/")" = dir2

check "dir starts the master sync daemon" on dir "$XVSADM" --start-daemon master --mcast-interface eth0 --syncid 7
check "dir2 starts the backup sync daemon" on dir2 "$XVSADM" --start-daemon backup --mcast-interface eth0 --syncid 7
expect_eq "a second backup daemon is refused as ipvsadm's is" "Daemon has already run" \
	"$(on dir2 "$XVSADM" --start-daemon backup --mcast-interface eth0 2>&1)"
expect_eq "stopping one that does not run is refused" "No daemon is running" \
	"$(on dir2 "$XVSADM" --stop-daemon master 2>&1)"
check "dir2: backup_only=1" on dir2 "$XVSADM" --xvs-sysctl backup_only=1

answers=$(who_answers "$N" "http://$VIP/")
note "answers: $answers"
expect_no_match "every connection is served" "FAIL" "$answers"
expect_match "dir serves some by its own stack" "(^| )dir( |$)" "$answers"
expect_match "dir2 serves those dir hands it" "dir2" "$answers"

stats=$(on dir "$XVSADM" -Ln --stats)
note "dir's service:"
indent <<<"$stats"
pkts=$(awk -v s="TCP  $VIP:80" 'index($0, s) == 1 { print $4 }' <<<"$stats")
note "dir's data plane saw $pkts packets of $N connections"
# curl's connections are 5-6 client packets each; a loop would be endless
check "no packet went round (fewer than 10 a connection at dir)" test "$pkts" -le $((N * 10))
expect_match "dir2 scheduled nothing (0 connections)" "TCP  $VIP:80 +0 +0 +0 " \
	"$(on dir2 "$XVSADM" -Ln --stats)"
expect_match "dir2 handed them to its stack as backup_only" "pass_backup_only +[1-9]" \
	"$(on dir2 "$XVSADM" --xvs-reasons)"

# What dir scheduled, dir2 knows from the sync messages.
wait_for "dir2 has the master's connections" 5 test -n "$(on dir2 "$XVSADM" -Lnc | grep "$VIP:80")"
on dir2 "$XVSADM" -Lnc | head -8 | indent

# The backup's counters; then what is not the master's is counted and
# ignored: a message of another syncid, and bytes that are no message.
sync_count() { on dir2 "$XVSADM" --xvs-sync | awk -v k="$1" '$1 == k { print $2 }'; }
# (a daemon writes its counters out once a second)
counted() { (($(sync_count "$1") > 0)); }
wait_for "dir2 counts the messages it received" 3 counted received
wait_for "and the entries it installed" 3 counted installed
before=$(on dir2 "$XVSADM" -Lnc | wc -l)
on cl ip route add 224.0.0.0/4 dev eth0
# v1 header of syncid 99: reserved 0, syncid, size 8, no entry, version 1, spare 0
on cl bash -c 'printf "\x00\x63\x00\x08\x00\x01\x00\x00" >/dev/udp/224.0.0.81/8848'
on cl bash -c 'printf "not a sync message" >/dev/udp/224.0.0.81/8848'
foreign_counted() { [[ $(sync_count foreign) == 1 && $(sync_count malformed) == 1 ]]; }
wait_for "dir2 counts one foreign and one malformed message" 3 foreign_counted
on dir2 "$XVSADM" --xvs-sync | indent
expect_eq "and installed nothing from them" "$before" "$(on dir2 "$XVSADM" -Lnc | wc -l)"

# Without the backup daemon backup_only does not hold: dir2 would balance
# again, so the test stops dir's master first and sends nothing more.
check "dir's master daemon stops" on dir "$XVSADM" --stop-daemon master
check "dir2's backup daemon stops" on dir2 "$XVSADM" --stop-daemon backup
expect_eq "none listed" "" "$(on dir2 "$XVSADM" -L --daemon)"
