/* entrycheck: static conformance checker for Windows driver DriverEntry routines. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
