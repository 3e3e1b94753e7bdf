#!/bin/bash
# LVS-NAT through a one-interface director, over IPv6: nat_ipv6.sh's checks
# with the real servers on their own subnet of the client's segment.
NAT_TEST_MODE=nat1
# shellcheck source-path=SCRIPTDIR source=nat_ipv6.sh
. "$(dirname "$0")/nat_ipv6.sh"
