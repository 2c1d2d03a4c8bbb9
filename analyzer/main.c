/* entrycheck: static conformance checker for Windows driver DriverEntry routines. */
#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
