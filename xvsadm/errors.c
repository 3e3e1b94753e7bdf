// SPDX-License-Identifier: GPL-2.0
/* libipvs's ipvs_strerror() table (libipvs.c:1302-1343, spec §2.11). */
#include <errno.h>
#include <string.h>

#include "run.h"

static const struct {
	enum xvsadm_op op; /* OP_OTHER: any operation */
	int err;
	const char *msg;
} table[] = {
	{ OP_ADD_SERVICE, EEXIST, "Service already exists" },
	{ OP_ADD_SERVICE, ENOENT, "Scheduler or persistence engine not found" },
	{ OP_EDIT_SERVICE, ESRCH, "No such service" },
	{ OP_EDIT_SERVICE, ENOENT, "Scheduler or persistence engine not found" },
	{ OP_DEL_SERVICE, ESRCH, "No such service" },
	{ OP_ZERO, ESRCH, "No such service" },
	{ OP_ADD_DEST, ESRCH, "Service not defined" },
	{ OP_ADD_DEST, EEXIST, "Destination already exists" },
	{ OP_EDIT_DEST, ESRCH, "Service not defined" },
	{ OP_EDIT_DEST, ENOENT, "No such destination" },
	{ OP_DEL_DEST, ESRCH, "Service not defined" },
	{ OP_DEL_DEST, ENOENT, "No such destination" },
	{ OP_GET_SERVICES, ESRCH, "No such service" },
	{ OP_GET_DESTS, ESRCH, "No such service" },
	{ OP_GET_SERVICE, ESRCH, "No such service" },
	{ OP_ADD_MARK, EEXIST, "Mark rule already exists" },
	{ OP_ADD_MARK, EINVAL, "Invalid mark rule" },
	{ OP_ADD_MARK, ENOSPC, "Too many addresses with mark rules" },
	{ OP_ADD_MARK, E2BIG, "Too many mark rules for one address" },
	{ OP_DEL_MARK, ENOENT, "No such mark rule" },
	{ OP_START_DAEMON, EEXIST, "Daemon has already run" },
	{ OP_STOP_DAEMON, ESRCH, "No daemon is running" },
	{ OP_OTHER, EPERM, "Permission denied (you must be root)" },
	{ OP_OTHER, EINVAL, "Invalid operation.  Possibly wrong module version, address not unicast, ..." },
	{ OP_OTHER, ENOPROTOOPT, "Protocol not available" },
	{ OP_OTHER, ENOMEM, "Memory allocation problem" },
	/*
	 * IPVS's EOPNOTSUPP is about IPv6 support; libxvs's is "not in this
	 * data plane yet", which "Operation not supported with IPv6" would
	 * misname.
	 */
	{ OP_OTHER, EOPNOTSUPP, "Operation not supported by the xvs data plane yet" },
	{ OP_OTHER, EAFNOSUPPORT, "Operation not supported with specified address family" },
	{ OP_OTHER, EMSGSIZE, "Module is wrong version" },
};

const char *xvsadm_strerror(enum xvsadm_op op, int err)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if ((table[i].op == OP_OTHER || table[i].op == op) && table[i].err == err)
			return table[i].msg;
	return strerror(err);
}
