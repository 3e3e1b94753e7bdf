#!/bin/bash
# make bench's smoke mode: every part of bench/run, tiny, so that none of
# them rots.  Checks that each part wrote its figures, that the charts were
# drawn and that the summary says where xvs loses.  The figures themselves
# are not judged: speed is measured by make bench, not asserted in tests.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

OUT=$TEST_TMP/bench
export XVS_BENCH_KEEP=1
netns_before=$(ip netns list | awk '{ print $1 }' | sort)
if out=$(cd "$E2E_ROOT" && timeout 600 bench/run --smoke 2>&1); then
	ok "bench/run --smoke exits 0"
else
	not_ok "bench/run --smoke exits 0"
	printf '%s\n' "$out" | tail -30 | indent
fi
dir=$(sed -n 's/^results: //p' <<<"$out" | tail -1) # bench/run's own, the last
[[ -d $dir ]] && mv "$dir" "$OUT"
parts=(prog new_conn est scale restore)
for part in http pps; do
	[[ -x $E2E_ROOT/bench/$part ]] && parts+=("$part")
done
for part in "${parts[@]}"; do
	expect_line "results.csv has $part figures" "^$part,[^,]+,[^,]+,[^,]+,[0-9.]+," \
		"$(cat "$OUT/results.csv" 2>/dev/null)"
done
expect_line "program cost is a ratio to the reflector" "^prog,dr_v4_established,ns,ns,[0-9]+,.*,reflector,[0-9.]+$" \
	"$(cat "$OUT/results.csv" 2>/dev/null)"
for chart in prog new_conn scale; do
	check "chart $chart.png is a PNG" grep -q PNG "$OUT/$chart.png"
done
expect_line "the summary says where xvs loses" "^Where xvs loses:$" "$(cat "$OUT/summary.txt" 2>/dev/null)"
expect_eq "the benchmarks left no namespace behind" "" \
	"$(comm -13 <(echo "$netns_before") <(ip netns list | awk '{ print $1 }' | sort))"

lib_exit
