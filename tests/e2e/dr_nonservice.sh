#!/bin/bash
# Traffic that is not for a virtual service reaches the director's own
# kernel untouched: pings are answered, and a port with no service on the
# VIP is refused by the director's TCP stack (RST) instead of hanging.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

lab_up

add_dr_service "$VIP:80" rr 1:1
add_dr_service "[$VIP6]:80" rr 1:1
# Otherwise the test would not test the data plane at all.
expect_match "an XDP program is attached to the director's eth0" \
	'^[0-9]+$' "$(xdp_prog_id)"

for dst in 192.0.2.2 "$VIP" 2001:db8::2 "$VIP6"; do
	check "ping $dst from the client" \
		on cl ping -c 3 -i 0.2 -W 1 -w 5 "$dst"
done

# curl's exit code 7 is "could not connect" (refused); 28 would be a timeout.
for url in "http://$VIP:8081/" "http://[$VIP6]:8081/" "http://192.0.2.2:80/"; do
	start=$SECONDS
	on cl curl -sg --max-time 5 -o /dev/null "$url"
	rc=$?
	expect_eq "$url is refused" 7 "$rc"
	check "$url is refused at once, not after a timeout" \
		test $((SECONDS - start)) -le 2
done

expect_eq "the service itself still answers" rs1 "$(fetch "http://$VIP/")"
