// SPDX-License-Identifier: GPL-2.0
/* xvsadm: ipvsadm for the xvs data plane.  Everything but wiring is in run.c. */
#include <stdio.h>

#include "run.h"

static const struct xvsadm_backend libxvs = {
	.open = xvs_open,
	.close = xvs_close,
	.add_service = xvs_add_service,
	.edit_service = xvs_edit_service,
	.del_service = xvs_del_service,
	.flush = xvs_flush,
	.add_dest = xvs_add_dest,
	.edit_dest = xvs_edit_dest,
	.del_dest = xvs_del_dest,
	.zero = xvs_zero,
	.get_services = xvs_get_services,
	.get_service = xvs_get_service,
	.get_dests = xvs_get_dests,
	.set_timeouts = xvs_set_timeouts,
	.get_timeouts = xvs_get_timeouts,
	.get_info = xvs_get_info,
	.get_conns = xvs_get_conns,
	.get_reasons = xvs_get_reasons,
	.get_ifaces = xvs_get_ifaces,
	.get_sysctls = xvs_get_sysctls,
	.set_sysctl = xvs_set_sysctl,
	.add_mark_rule = xvs_add_mark_rule,
	.del_mark_rule = xvs_del_mark_rule,
	.get_mark_rules = xvs_get_mark_rules,
	.start_daemon = xvs_sync_start,
	.stop_daemon = xvs_sync_stop,
	.get_daemons = xvs_sync_get,
	.batch_begin = xvs_batch_begin,
	.batch_end = xvs_batch_end,
};

int main(int argc, char **argv)
{
	return xvsadm_run(argc, argv, &libxvs, stdin, stdout, stderr);
}
