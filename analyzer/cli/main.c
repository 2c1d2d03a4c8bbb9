/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck: static conformance checker for Windows driver DriverEntry routines. */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#include "base/cleanup.h"
#include "cli/cli.h"

/* The analysis runs on a thread with a large stack: what must stay recursive
 * (libclang's cursor visits, the CFG builder over nested statements) then
 * meets its own depth guards long before the stack ends. Only the pages used
 * are ever committed. libclang would parse on a thread of its own with an
 * 8 MiB stack, too small for libclang 19 on an 8,000-deep else-if chain;
 * LIBCLANG_NOTHREADS has it parse on ours (crash recovery stays on). */
#define ANALYSIS_STACK_BYTES ((size_t)1 << 30)

struct invocation {
	int argc;
	char **argv;
	int rc;
};

static void *run_cli(void *arg)
{
	struct invocation *inv = arg;
	inv->rc = cli_main(inv->argc, inv->argv);
	return NULL;
}

int main(int argc, char **argv)
{
	/* Temporaries (report, scratch directory) go away on Ctrl-C or kill too. */
	cleanup_install_signal_handlers();
	struct invocation inv = { argc, argv, 0 };
	pthread_attr_t attr;
	pthread_t thread;
	bool own = !getenv("LIBCLANG_NOTHREADS");
	if (own)
		setenv("LIBCLANG_NOTHREADS", "1", 1);
	if (pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, ANALYSIS_STACK_BYTES) == 0 &&
	    pthread_create(&thread, &attr, run_cli, &inv) == 0) {
		pthread_attr_destroy(&attr);
		pthread_join(thread, NULL);
		return inv.rc;
	}
	if (own)
		unsetenv("LIBCLANG_NOTHREADS"); /* no big stack here: libclang's own thread is better */
	return cli_main(argc, argv);
}
