#!/bin/bash
# Two xvsd directors over IPv6 (VRRP v3 to ff02::12, the VIP moving with an
# unsolicited neighbour advertisement), then over unicast IPv4 with notify
# scripts, which get keepalived's arguments, then with use_vmac, a
# track_script and a track_interface moving the VIP.
# shellcheck source-path=SCRIPTDIR source=vrrp_lib.sh
. "$(dirname "$0")/vrrp_lib.sh"

lab_up --vrrp --rs 1

vip6_on() { on "$1" ip -o -6 addr show dev eth0 | grep -qF " $VIP6/128 "; }
vip6_off() { ! vip6_on "$1"; }

# conf6 HOST PRIO: a v3 IPv6 instance; its path printed.
conf6() {
	cat >"$LAB_RUN/$1-6.conf" <<CONF
vrrp_instance VI_6 {
    state BACKUP
    interface eth0
    virtual_router_id 61
    priority $2
    advert_int 0.5
    virtual_ipaddress {
        $VIP6/128 dev eth0
    }
}
CONF
	echo "$LAB_RUN/$1-6.conf"
}

run_xvsd dir "$(conf6 dir 150)"
run_xvsd dir2 "$(conf6 dir2 100)"
start_capture -v cl v6 "ip6 and (ip6[6] == 112 or icmp6)"
wait_for "IPv6: dir becomes master" 8 daemon_says dir "(VI_6) Entering MASTER STATE"
wait_for "IPv6: the VIP is on dir" 3 vip6_on dir
check "IPv6: dir2 stays backup" daemon_says dir2 "(VI_6) master is fe80::"
sleep 1
stop_capture
cap=$(cat "$CAPTURE_OUT")
note "$(grep -m3 -E 'VRRP|neighbor advertisement' "$CAPTURE_OUT")"
expect_match "IPv6: v3 adverts to ff02::12 from a link-local address, 0.5 s" \
	"fe80::[0-9a-f:]* > ff02::12: VRRPv3, Advertisement, vrid 61, prio 150, intvl 50cs" "$cap"
expect_match "IPv6: hop limit 255" "hlim 255" "$cap"
expect_match "IPv6: an unsolicited NA for the VIP, from the VIP to ff02::1" \
	"$VIP6 > ff02::1: .*neighbor advertisement, length 32, tgt is $VIP6" "$cap"
check "IPv6: xvsd on dir stops" kill_daemon dir TERM
wait_for "IPv6: dir2 takes over" 3 daemon_says dir2 "(VI_6) Entering MASTER STATE"
wait_for "IPv6: the VIP is on dir2" 3 vip6_on dir2
check "IPv6: and no longer on dir" vip6_off dir
kill_daemon dir2 TERM

# Unicast, with notify scripts.
NOTIFY=$LAB_RUN/notify.sh
cat >"$NOTIFY" <<'SH'
#!/bin/sh
echo "$*" >>"$(dirname "$0")/notified.$1"
SH
chmod 755 "$NOTIFY"
# confu HOST PRIO SRC PEER: a unicast v2 instance with notifies.
confu() {
	cat >"$LAB_RUN/$1-u.conf" <<CONF
global_defs {
    enable_script_security
    script_user root
}
vrrp_instance VI_U {
    state BACKUP
    interface eth0
    virtual_router_id 71
    priority $2
    advert_int 1
    unicast_src_ip $3
    unicast_peer {
        $4
    }
    notify_master "$NOTIFY $1-master"
    notify "$NOTIFY $1"
    virtual_ipaddress {
        $VIP/32 dev eth0
    }
}
CONF
	echo "$LAB_RUN/$1-u.conf"
}
start_capture -v dir2 uni "ip proto 112" # unicast frames do not flood to the client
run_xvsd dir "$(confu dir 150 "$DIRECTOR" "$DIRECTOR2_4")"
run_xvsd dir2 "$(confu dir2 100 "$DIRECTOR2_4" "$DIRECTOR")"
wait_for "unicast: dir becomes master" 8 daemon_says dir "(VI_U) Entering MASTER STATE"
wait_for "unicast: dir2 hears it" 3 daemon_says dir2 "(VI_U) master is $DIRECTOR, priority 150"
sleep 1
stop_capture
cap=$(cat "$CAPTURE_OUT")
expect_match "unicast: adverts go to the peer, not the group" "$DIRECTOR > $DIRECTOR2_4: VRRPv2, Advertisement, vrid 71, prio 150" "$cap"
expect_no_match "unicast: nothing to 224.0.0.18" "224.0.0.18" "$cap"
wait_for "notify_master ran with its own arguments" 3 grep -qx "dir-master" "$LAB_RUN/notified.dir-master"
wait_for "notify got INSTANCE VI_U MASTER 150" 3 grep -qx "dir INSTANCE VI_U MASTER 150" "$LAB_RUN/notified.dir"
check "the backup's notify got INSTANCE VI_U BACKUP 100" grep -qx "dir2 INSTANCE VI_U BACKUP 100" "$LAB_RUN/notified.dir2"
check "unicast: xvsd on dir stops" kill_daemon dir TERM
wait_for "unicast: dir2 takes over" 3 daemon_says dir2 "(VI_U) Entering MASTER STATE"
wait_for "notify on dir got STOP" 3 grep -qx "dir INSTANCE VI_U STOP 150" "$LAB_RUN/notified.dir"
wait_for "notify on dir2 got MASTER" 3 grep -qx "dir2 INSTANCE VI_U MASTER 100" "$LAB_RUN/notified.dir2"
kill_daemon dir2 TERM
show_log dir2

# Trackers and use_vmac: dir's VI_T rides a VMAC, tracks a script (weight
# -100) and an interface (weight 0: down means FAULT).
FLAG=$LAB_RUN/flag
check "a link to track" on dir ip link add trk0 type veth peer name trk1
on dir ip link set trk1 up
on dir ip link set trk0 up
cat >"$LAB_RUN/dir-t.conf" <<CONF
global_defs {
    enable_script_security
    script_user root
}
vrrp_script chk {
    script "/usr/bin/test ! -e $FLAG"
    interval 1
    weight -100
}
vrrp_instance VI_T {
    state BACKUP
    interface eth0
    use_vmac
    virtual_router_id 81
    priority 150
    advert_int 1
    track_script {
        chk
    }
    track_interface {
        trk0
    }
    virtual_ipaddress {
        $VIP/32
    }
}
CONF
sed -e '/use_vmac/d' -e '/track_script/,/^    }/d' -e '/track_interface/,/^    }/d' \
	-e 's/priority 150/priority 100/' -e '/vrrp_script/,/^}/d' "$LAB_RUN/dir-t.conf" >"$LAB_RUN/dir2-t.conf"
vmac_vip() { on dir ip -o -4 addr show dev vrrp.81 2>/dev/null | grep -qF " $VIP/32 "; }
vip_dir2() { vip_on dir2; }
start_capture -e cl vmac "ip proto 112"
run_xvsd dir "$LAB_RUN/dir-t.conf"
run_xvsd dir2 "$LAB_RUN/dir2-t.conf"
wait_for "vmac: dir becomes master" 8 daemon_says dir "(VI_T) Entering MASTER STATE"
check "vmac: vrrp.81 has the VRRP MAC" bash -c "$LAB_TOOL exec $LAB-dir ip -br link show dev vrrp.81 | grep -q 00:00:5e:00:01:51"
wait_for "vmac: the VIP is on vrrp.81" 3 vmac_vip
sleep 1
stop_capture
expect_match "vmac: adverts leave from 00:00:5e:00:01:51" "00:00:5e:00:01:51 > 01:00:5e:00:00:12" "$(cat "$CAPTURE_OUT")"

touch "$FLAG"
wait_for "track_script: the script fails" 4 daemon_says dir "VRRP_Script(chk) failed"
wait_for "track_script: dir drops to 50" 2 daemon_says dir "(VI_T) Changing effective priority from 150 to 50"
wait_for "track_script: dir2 preempts" 6 daemon_says dir2 "(VI_T) Entering MASTER STATE"
wait_for "track_script: the VIP moves to dir2" 3 vip_dir2
rm -f "$FLAG"
wait_for "track_script: the script succeeds again" 4 daemon_says dir "VRRP_Script(chk) succeeded"
wait_for "track_script: dir takes the VIP back" 8 vmac_vip

on dir ip link set trk0 down
wait_for "track_interface: dir enters FAULT" 3 daemon_says dir "(VI_T) Entering FAULT STATE"
wait_for "track_interface: dir2 takes over on dir's priority 0" 3 daemon_says dir2 "(VI_T) Backup received priority 0 advertisement"
check "track_interface: no VIP on dir in FAULT" bash -c "! $LAB_TOOL exec $LAB-dir ip -o addr show dev vrrp.81 | grep -qF ' $VIP/32 '"
on dir ip link set trk0 up
wait_for "track_interface: dir comes back and preempts" 8 vmac_vip
kill_daemon dir TERM
check "vmac: vrrp.81 is removed at stop" bash -c "! $LAB_TOOL exec $LAB-dir ip link show dev vrrp.81 2>/dev/null"
kill_daemon dir2 TERM
show_log dir
