#!/bin/bash
# LVS-TUN with GRE: the checks of tun_ipip.sh, the tunnelled packets being
# IP protocol 47.
TUN_TEST_TYPE=gre
# shellcheck source-path=SCRIPTDIR source=tun_ipip.sh
. "$(dirname "$0")/tun_ipip.sh"
