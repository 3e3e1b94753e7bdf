#!/bin/bash
# An IPv6 virtual service in LVS-TUN mode: IPv6 in IPv6 (the default tunnel
# type, next header 41) to the real servers' IPv6 addresses, with the
# checks of tun_ipip.sh.
TUN_TEST_FAMILY=6
# shellcheck source-path=SCRIPTDIR source=tun_ipip.sh
. "$(dirname "$0")/tun_ipip.sh"
