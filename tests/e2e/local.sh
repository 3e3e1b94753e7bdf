#!/bin/bash
# "Local": a real server that is the director itself.  The director runs its
# own nginx; with it and rs1 behind an rr service, answers alternate between
# them, the director's packets go through its host stack (counted as
# "local"), a wrk run has no errors, and the same holds for IPv6.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

lab_up --rs 1

# The director's own web server, answering "dir"; stopped by PID at exit.
ng=$LAB_RUN/dir-nginx
mkdir -p "$ng/html"
echo dir >"$ng/html/index.html"
cat >"$ng/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $ng/nginx.pid;
error_log $ng/error.log;
events {}
http {
	access_log $ng/access.log;
	server { listen 80; listen [::]:80; root $ng/html; }
}
CONF
bg_on dir "$ng/out" nginx -c "$ng/nginx.conf" -p "$ng"
wait_for "the director's nginx listens" 10 on dir sh -c "ss -ltn | grep -q ':80 '"

for fam in 4 6; do
	if [[ $fam == 4 ]]; then
		svc=$VIP:80 dir_rs=192.0.2.2:80 rs=$(rs_ip 1):80 url=http://$VIP/
	else
		svc=[$VIP6]:80 dir_rs=[2001:db8::2]:80 rs=[$(rs_ip6 1)]:80 url=http://[$VIP6]/
	fi
	check "IPv$fam: add service" xvsadm_dir -A -t "$svc" -s rr
	check "IPv$fam: add the director itself" xvsadm_dir -a -t "$svc" -r "$dir_rs" -g
	check "IPv$fam: add rs1" xvsadm_dir -a -t "$svc" -r "$rs" -g
	before=$(xvsadm_dir --xvs-reasons | awk '$1 == "local" { print $2 }')
	expect_eq "IPv$fam: rr alternates between rs1 and the director" \
		"rs1 dir rs1 dir" "$(who_answers 4 "$url")"
	after=$(xvsadm_dir --xvs-reasons | awk '$1 == "local" { print $2 }')
	check "IPv$fam: the director's share went through its host stack" test "$after" -gt "$before"
	dir_before=$(wc -l <"$ng/access.log")
	run_wrk "$url"
	check "IPv$fam: the director served part of the wrk run" \
		test "$(wc -l <"$ng/access.log")" -gt "$dir_before"
done
# Its answers leave through the host stack, which XDP does not see, so a
# different port could not be translated back.
refused() { ! xvsadm_dir "$@" 2>/dev/null; }
check "a local real server on another port is refused" \
	refused -a -t "$VIP:80" -r 192.0.2.2:8080 -m
