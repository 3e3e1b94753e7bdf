#!/bin/bash
# Deleting a real server does not leave its clients hanging (seed 001): the
# client of a download it was serving gets a TCP reset within a round trip
# of its next packet, while the downloads on the other servers run to the
# end.  With nodest_reset=0 the director drops the client's packets instead,
# as IPVS does, and the download stalls.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
lab_up

# all_busy: each of the three real servers serves a download.
all_busy() { [[ $(serving_rs | wc -l) -eq 3 ]]; }

# slow_download OUTFILE: /big at 1 MB/s (20 s), in the background.
slow_download() {
	bg_on cl "$1" curl -sg -o /dev/null -w '%{size_download} %{http_code}' \
		--limit-rate 1M --max-time 40 "http://$VIP/big"
}

# three_downloads NAME CASE: three slow downloads into $TEST_TMP/NAME1..3,
# their pids in pids[], and a case that each server serves one.
three_downloads() {
	local k
	pids=()
	for k in 1 2 3; do
		slow_download "$TEST_TMP/$1$k"
		pids+=("$BG_PID")
	done
	wait_for "$2" 5 all_busy
}

add_dr_service "$SVC" rr
three_downloads dl "three downloads established, one per real server"

# client_conns: the client's established connections to the VIP.
client_conns() { on cl ss -Htn state established "( dport = :80 )" | wc -l; }

start=$(date +%s%N)
check "delete rs2 during the downloads" xvsadm_dir -d -t "$SVC" -r "$(rs_ip 2):80"
# The client's kernel drops the connection when it accepts the reset; curl
# notices at its next read (it sleeps between reads at 1 MB/s).
for ((i = 0; i < 100; i++)); do
	(($(client_conns) < 3)) && break
	sleep 0.05
done
ms=$((($(date +%s%N) - start) / 1000000))
((i < 100)) || bail "the client still has 3 connections 5 s after the deletion"
note "the client's connection to rs2 was reset ${ms} ms after the deletion began"
((ms < 1500)) && ok "the client was reset within 1.5 s (took ${ms} ms)" ||
	not_ok "the client was reset within 1.5 s (took ${ms} ms)"
expect_match "the director answered it with a reset (reset_dest_gone)" \
	"reset_dest_gone +[1-9]" "$(xvsadm_dir --xvs-reasons)"
# curl may be asleep in its rate limit, and CI shares two CPUs: give it
# time to notice (its exit code below says whether a reset ended it).
ended=""
for ((i = 0; i < 200; i++)); do
	for k in 0 1 2; do
		kill -0 "${pids[k]}" 2>/dev/null || ended=$k
	done
	[[ -n $ended ]] && break
	sleep 0.1
done
[[ -n $ended ]] || bail "no download ended within 20 s of the reset"
wait "${pids[ended]}"
expect_eq "its download ended by the reset (curl: connection reset)" 56 "$?"
for k in 0 1 2; do
	((k == ended)) && continue
	wait_pid "${pids[k]}" 45
	expect_eq "download $((k + 1)) on a remaining server completed" 0 "$?"
	expect_eq "download $((k + 1)) got all of /big" "$BIG_SIZE 200" "$(cat "$TEST_TMP/dl$((k + 1))")"
done

# IPVS's behaviour, switched back on: the client is left retransmitting.
check "nodest_reset=0" xvsadm_dir --xvs-sysctl nodest_reset=0
check "add rs2 back" xvsadm_dir -a -t "$SVC" -r "$(rs_ip 2):80" -g
three_downloads old "three downloads established again"
check "delete rs2 again" xvsadm_dir -d -t "$SVC" -r "$(rs_ip 2):80"
sleep 2
running=0
for k in 0 1 2; do kill -0 "${pids[k]}" 2>/dev/null && running=$((running + 1)); done
expect_eq "2 s later no download has ended: the stalled one hangs" 3 "$running"
expect_match "its packets are dropped" "drop_dest_gone +[1-9]" "$(xvsadm_dir --xvs-reasons)"
stop_bg
