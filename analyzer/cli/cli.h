/* SPDX-License-Identifier: Apache-2.0 */
/* The command line: commands, options and exit codes. */
#ifndef ENTRYCHECK_CLI_H
#define ENTRYCHECK_CLI_H

/* Exit codes, documented in --help and docs/usage.md. */
enum exit_code {
	EXIT_CLEAN = 0,     /* ran and found nothing at or above the failing level */
	EXIT_FINDINGS = 1,  /* ran and found something */
	EXIT_TROUBLE = 2,   /* usage, configuration or input error: something was not analyzed */
};

/* Runs entrycheck as a program would; returns the exit code. */
int cli_main(int argc, char **argv);

#endif
