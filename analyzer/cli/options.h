/* SPDX-License-Identifier: Apache-2.0 */
/* The command line's options: the table that drives both the parser and
 * --help, the words some options take, and the parsed result (struct cli)
 * that the commands in cli.c read. Private to cli/. */
#ifndef ENTRYCHECK_CLI_OPTIONS_H
#define ENTRYCHECK_CLI_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "emit/emit.h"
#include "rules/settings.h"
#include "run/run.h"

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_DOT, FORMAT_MSVC, FORMAT_SARIF, FORMAT_HTML };
enum color { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct cli {
	struct run_options run;
	enum format format;
	bool format_set;          /* --format was given */
	const char *output;
	const char *function;  /* --function, for cfg */
	bool quiet;
	int progress;             /* --progress 1, --no-progress 0, else -1: on a terminal */
	enum color color;
	struct emit_options emit; /* --automation-id, --srcroot-uri; the style is set per report */
	int fail_on;              /* the least severe failing rule_level; -1: none */
	const char *write_baseline;
	const char *config;       /* --config */
	bool diff;                /* --diff, for fix */
	struct settings settings; /* the configuration file, when one was read */
	bool want_help;           /* --help was given */
};

/* Parses argv from `first` into `cli`. Returns 0, 1 when the program should
 * stop successfully (--help: cli->want_help; --version, printed), or -1
 * after a usage message. */
int options_parse(struct cli *cli, int argc, char **argv, int first);

/* The "Options:" part of --help. */
void options_print(FILE *out);

/* "text", "json"...; and "text or json" for a set of 1 << format bits. */
const char *options_format_name(enum format format);
char *options_format_list(unsigned formats);

/* "entrycheck: error: " + fmt (one %s: what) + the hint to try --help. */
void options_usage_error(const char *fmt, const char *what);

#endif
