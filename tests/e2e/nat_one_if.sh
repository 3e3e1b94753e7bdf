#!/bin/bash
# LVS-NAT through a director with one interface: the real servers are on
# the client's segment but in a subnet of their own, with the director as
# their gateway, so their replies reach the client only through it.  The
# checks are nat_two_if.sh's.
NAT_TEST_MODE=nat1
# shellcheck source-path=SCRIPTDIR source=nat_two_if.sh
. "$(dirname "$0")/nat_two_if.sh"
