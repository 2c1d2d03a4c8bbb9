/* entrycheck: static conformance checker for Windows driver DriverEntry routines. */
#include "base/cleanup.h"
#include "cli/cli.h"

int main(int argc, char **argv)
{
	/* Temporaries (report, scratch directory) go away on Ctrl-C or kill too. */
	cleanup_install_signal_handlers();
	return cli_main(argc, argv);
}
