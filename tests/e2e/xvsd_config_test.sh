#!/bin/bash
# xvsd -t against keepalived -t itself (Debian's keepalived) on every sample
# config Debian ships and every config of the corpus, both run in one fresh
# namespace whose only interfaces are lo and eth0: a config keepalived
# accepts, xvsd accepts; for one it reports problems with, xvsd reports
# problems at every file line keepalived names.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SAMPLES=/usr/share/doc/keepalived/samples
CORPUS=${XVS_CORPUS:-$E2E_ROOT/../shared/corpus/keepalived}
command -v keepalived >/dev/null || bail "no keepalived (make deps installs it)"
[[ -d $SAMPLES ]] || bail "no $SAMPLES"

# The lab's client namespace name, so the lab's cleanup removes it whatever happens.
NS=$LAB-cl
LAB_IS_UP=1
mkdir -p "$LAB_RUN"
check "a namespace with lo and eth0" bash -c "ip netns add $NS &&
	ip -n $NS link add eth0 type veth peer name xvskt0 && ip -n $NS link set eth0 up &&
	ip -n $NS link set lo up" || bail "no namespace"

# lines FILE OUTPUT: the line numbers OUTPUT reports for FILE, sorted, unique.
lines() {
	grep -o "($1: Line [0-9]*)" <<<"$2" | grep -o '[0-9]*)$' | tr -d ')' | sort -nu | paste -sd' '
}

# compare DIR FILE: one case.
compare() {
	local dir=$1 file=$2 k x krc xrc kl xl missing=()
	k=$(cd "$dir" && timeout 20 ip netns exec "$NS" keepalived -t -f "$file" 2>&1)
	krc=$?
	x=$(cd "$dir" && timeout 20 ip netns exec "$NS" "$XVSD" -t -f "$file" 2>&1)
	xrc=$?
	kl=$(lines "$file" "$k")
	xl=$(lines "$file" "$x")
	for n in $kl; do
		[[ " $xl " == *" $n "* ]] || missing+=("$n")
	done
	if { ((krc == 0)) && ((xrc == 0)); } || { ((krc != 0)) && ((xrc != 0)) && ((${#missing[@]} == 0)); }; then
		ok "$file: keepalived $krc, xvsd $xrc${kl:+, lines $kl}"
		return
	fi
	not_ok "$file: keepalived $krc, xvsd $xrc"
	[[ ${#missing[@]} -eq 0 ]] || note "lines keepalived reports and xvsd does not: ${missing[*]}"
	note "keepalived:"
	printf '%s\n' "$k" | indent
	note "xvsd:"
	printf '%s\n' "$x" | indent
}

for f in "$SAMPLES"/keepalived.conf.*; do
	compare "$SAMPLES" "${f##*/}"
done
if [[ -d $CORPUS ]]; then
	for f in "$CORPUS"/*; do
		[[ ${f##*/} == SOURCES.txt || ${f##*/} == VERDICTS* ]] && continue
		compare "$CORPUS" "${f##*/}"
	done
else
	note "no corpus at $CORPUS: the Debian samples only"
fi
