#!/bin/bash
# Load through the director: wrk with keep-alive connections sees no socket
# error and no error status, and every real server takes a share.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:80
lab_up

add_dr_service "$SVC" rr
# 20 connections scheduled rr over 3 servers: each gets 6 or 7 of them.
run_wrk "http://$VIP/"
