#!/bin/bash
# LVS-TUN with GUE (Generic UDP Encapsulation) to the UDP port the real
# servers take it on (6080): the checks of tun_ipip.sh, the tunnelled
# packets being UDP to that port.
TUN_TEST_TYPE=gue
# shellcheck source-path=SCRIPTDIR source=tun_ipip.sh
. "$(dirname "$0")/tun_ipip.sh"
