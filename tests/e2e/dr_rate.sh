#!/bin/bash
# Rates in direct-routing mode: `-L --rate` shows the connection, packet and
# byte rates that the data plane estimates every 2 s as IPVS does, with no
# daemon running.  They rise under traffic for the service and each real
# server, fall after it (IPVS's average loses a quarter every 2 s), and -Z
# zeroes them.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
REQUESTS=300 # new connections, about 30 a second: some 10 s of traffic

# rates [K]: "CPS InPPS OutPPS InBPS OutBPS" of the service, or of real
# server K, as `-Ln --rate` prints them.
rates() {
	if (($#)); then
		dest_line --rate "$SVC" "$(rs_ip "$1"):80"
	else
		service_line --rate "$SVC"
	fi | awk '{ print $3, $4, $5, $6, $7 }'
}

# in_rates_up [K]: CPS, InPPS and InBPS are not 0; OutPPS and OutBPS are,
# as replies bypass a DR director.
in_rates_up() {
	local cps inpps outpps inbps outbps
	read -r cps inpps outpps inbps outbps <<<"$(rates "$@")"
	[[ -n $outbps && $cps != 0 && $inpps != 0 && $inbps != 0 && $outpps == 0 && $outbps == 0 ]] ||
		{ echo "CPS InPPS OutPPS InBPS OutBPS: $(rates "$@")"; return 1; }
}

# halved "CPS InPPS OutPPS InBPS OutBPS": the service's CPS, InPPS and InBPS
# are at most half of these, which are not 0.
halved() {
	local c0 p0 b0 cps inpps inbps
	read -r c0 p0 _ b0 _ <<<"$1"
	read -r cps inpps _ inbps _ <<<"$(rates)"
	((c0 > 0 && p0 > 0 && b0 > 0 && 2 * cps <= c0 && 2 * inpps <= p0 && 2 * inbps <= b0)) ||
		{ echo "from $1 to $(rates)"; return 1; }
}

lab_up
add_dr_service "$SVC" rr
expect_eq "a new service's rates are 0" "0 0 0 0 0" "$(rates)"

bg_on cl "$TEST_TMP/traffic.out" bash -c \
	"for i in \$(seq $REQUESTS); do curl -s -o /dev/null --max-time 2 http://$VIP/; sleep 0.02; done"
traffic=$BG_PID

# The first estimate comes at most 2 s after the traffic starts; a real
# server's share of the connections may need a second one to round up to 1.
wait_for "service CPS, InPPS, InBPS rise under traffic, OutPPS/OutBPS stay 0" 8 in_rates_up
for k in 1 2 3; do
	wait_for "rs$k CPS, InPPS, InBPS rise under traffic, OutPPS/OutBPS stay 0" 8 in_rates_up "$k"
done
check "the traffic was still running meanwhile" kill -0 "$traffic"

wait_pid "$traffic" 60
expect_eq "the traffic ran to its end within 60 s" 0 "$?"
at_end=$(rates)
note "rates when the traffic ended: $at_end"
# No estimate jumps to 0: three quiet periods leave (3/4)^3 = 42%.
wait_for "service rates fall to half or less within 12 s" 12 halved "$at_end"
read -r cps _ <<<"$(rates)"
check "service CPS has not dropped to 0 at once" test "${cps:-0}" -gt 0

check "xvsadm -Z" xvsadm_dir -Z
expect_eq "-Z zeroes the service's rates" "0 0 0 0 0" "$(rates)"
for k in 1 2 3; do
	expect_eq "-Z zeroes rs$k's rates" "0 0 0 0 0" "$(rates "$k")"
done
