/* Command-line parsing and the commands. One option table drives both the
 * parser and --help; one command table dispatches. Everything printed by
 * entrycheck is printed here or by the emitters this file calls. */
#include "cli/cli.h"
#include "cli/suggest.h"
#include "cli/version.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "emit/entries.h"
#include "emit/patch.h"
#include "emit/findings.h"
#include "report/gate.h"
#include "emit/projects.h"
#include "emit/sarif.h"
#include "run/run.h"
#include "rules/settings.h"
#include "base/source.h"
#include "base/output.h"
#include "base/problems.h"

enum option_id {
	OPT_COMPILE_COMMANDS, OPT_INCLUDE, OPT_DEFINE, OPT_UNDEFINE, OPT_EXTRA_ARG, OPT_WDK,
	OPT_MODEL, OPT_FORMAT, OPT_OUTPUT, OPT_NO_PCH, OPT_PARSE_ALL, OPT_RESOURCE_DIR, OPT_MINGW, OPT_MODEL_DIR,
	OPT_FUNCTION, OPT_RULES, OPT_STRICT, OPT_VERBOSE, OPT_QUIET, OPT_HELP, OPT_VERSION,
	OPT_COLOR, OPT_AUTOMATION_ID, OPT_SRCROOT_URI, OPT_FAIL_ON, OPT_BASELINE, OPT_WRITE_BASELINE,
	OPT_CONFIG, OPT_MAX_STATES, OPT_EVAL_TIMEOUT,
	OPT_NO_PROJECT, OPT_CONFIGURATION, OPT_PLATFORM, OPT_EXCLUDE, OPT_SELECT, OPT_IGNORE, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_UNANALYZABLE, OPT_DIFF,
};

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_DOT, FORMAT_MSVC, FORMAT_SARIF };
enum color { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* The words an option takes, and what each means; NULL-terminated. */
struct choice {
	const char *name;
	int value;
};

static const struct choice format_choices[] = {
	{ "text", FORMAT_TEXT }, { "json", FORMAT_JSON }, { "msvc", FORMAT_MSVC },
	{ "sarif", FORMAT_SARIF }, { "dot", FORMAT_DOT }, { NULL, 0 },
};
static const struct choice color_choices[] = {
	{ "auto", COLOR_AUTO }, { "always", COLOR_ALWAYS }, { "never", COLOR_NEVER }, { NULL, 0 },
};
static const struct choice unanalyzable_choices[] = {
	{ "error", RULE_ERROR }, { "warning", RULE_WARNING }, { "note", RULE_NOTE }, { NULL, 0 },
};
static const struct choice level_choices[] = {
	{ "error", RULE_ERROR }, { "warning", RULE_WARNING }, { "note", RULE_NOTE }, { "none", -1 },
	{ NULL, 0 },
};

struct option_spec {
	enum option_id id;
	char short_name;       /* 0 when none */
	const char *long_name; /* NULL when none */
	const char *arg;       /* the value's name, NULL for a flag */
	const char *help;
};

static const struct option_spec options[] = {
	{ OPT_COMPILE_COMMANDS, 'p', "compile-commands", "DIR|FILE",
	  "take each file's flags from compile_commands.json in DIR, or from FILE" },
	{ OPT_NO_PROJECT, 0, "no-project", NULL,
	  "do not take flags from the build files (.vcxproj, sources) that compile each file" },
	{ OPT_CONFIGURATION, 0, "configuration", "NAME", "the MSBuild configuration to evaluate (default Release)" },
	{ OPT_PLATFORM, 0, "platform", "NAME", "the MSBuild platform to evaluate (default x64)" },
	{ OPT_INCLUDE, 'I', NULL, "DIR", "search DIR for headers, before the header model" },
	{ OPT_DEFINE, 'D', NULL, "NAME[=VALUE]", "define a macro" },
	{ OPT_UNDEFINE, 'U', NULL, "NAME", "undefine a macro" },
	{ OPT_EXTRA_ARG, 0, "extra-arg", "ARG", "pass ARG to clang as it is" },
	{ OPT_WDK, 0, "wdk", "DIR", "use the headers of a real Windows Driver Kit under DIR" },
	{ OPT_MODEL, 0, "model", "MODEL[,MODEL]", "take every DriverEntry to be of these driver models" },
	{ OPT_FORMAT, 0, "format", "FORMAT",
	  "report format: text (default), json; for check also msvc and sarif; for cfg text or dot" },
	{ OPT_OUTPUT, 'o', "output", "FILE", "write the report to FILE instead of standard output" },
	{ OPT_COLOR, 0, "color", "WHEN",
	  "color text reports: auto (default: on a terminal unless NO_COLOR is set), always, never" },
	{ OPT_AUTOMATION_ID, 0, "automation-id", "ID",
	  "sarif: run.automationDetails.id (default: none, so upload-sarif's category applies)" },
	{ OPT_SRCROOT_URI, 0, "srcroot-uri", "URI",
	  "sarif: the URI of %SRCROOT% (default: the current directory; none: left out)" },
	{ OPT_NO_PCH, 0, "no-pch", NULL, "do not precompile the header model (slower)" },
	{ OPT_PARSE_ALL, 0, "parse-all", NULL,
	  "parse every input, also files that neither name an entry point nor define what one reaches" },
	{ OPT_RESOURCE_DIR, 0, "resource-dir", "DIR", "clang's resource directory (builtin headers)" },
	{ OPT_MINGW, 0, "mingw-include", "DIR", "mingw-w64 include directory (holding ddk/)" },
	{ OPT_MODEL_DIR, 0, "model-dir", "DIR", "entrycheck's header model overlay" },
	{ OPT_FUNCTION, 0, "function", "NAME", "cfg: dump only the function NAME" },
	{ OPT_RULES, 0, "rules", "DIR", "load the rule set from DIR (repeatable; default: the built-in rules)" },
	{ OPT_EXCLUDE, 0, "exclude", "GLOB",
	  "leave out files matching GLOB: a name anywhere on the path (tests, *_test.c) or a path (samples/*) (repeatable)" },
	{ OPT_SELECT, 0, "select", "ID[,ID]",
	  "run only these rules: IDs or prefixes, as FLT or WDF00 (repeatable)" },
	{ OPT_IGNORE, 0, "ignore", "ID[,ID]", "do not run these rules: IDs or prefixes (repeatable)" },
	{ OPT_STRICT, 0, "strict", NULL, "assume calls whose bodies are not visible do nothing" },
	{ OPT_MAX_STATES, 0, "max-states", "N",
	  "explore at most N states per rule and DriverEntry (default 200000)" },
	{ OPT_EVAL_TIMEOUT, 0, "eval-timeout", "SECONDS",
	  "evaluate each DriverEntry for at most SECONDS (default 60); past a budget, exit 2" },
	{ OPT_FAIL_ON, 0, "fail-on", "LEVEL",
	  "exit 1 on findings at or above LEVEL: error, warning (default), note or none" },
	{ OPT_UNANALYZABLE, 0, "unanalyzable", "LEVEL",
	  "report a DriverEntry that cannot be analyzed as an error (default: exit 2), warning or note "
	  "(then it counts toward --fail-on like a finding of that level)" },
	{ OPT_BASELINE, 0, "baseline", "FILE",
	  "a SARIF or JSON report of an earlier run: its findings do not fail the run" },
	{ OPT_WRITE_BASELINE, 0, "write-baseline", "FILE", "also write this run's findings to FILE as a baseline" },
	{ OPT_DIFF, 0, "diff", NULL, "fix: print the changes as a unified diff instead of making them" },
	{ OPT_CONFIG, 0, "config", "FILE", "read the configuration from FILE instead of .entrycheck.json" },
	{ OPT_PROGRESS, 0, "progress", NULL, "show files parsed so far on standard error (default: on a terminal)" },
	{ OPT_NO_PROGRESS, 0, "no-progress", NULL, "do not show progress" },
	{ OPT_VERBOSE, 'v', "verbose", NULL, "also report every clang warning and error" },
	{ OPT_QUIET, 'q', "quiet", NULL, "report only errors on standard error" },
	{ OPT_HELP, 'h', "help", NULL, "show this help and exit" },
	{ OPT_VERSION, 0, "version", NULL, "show the version and exit" },
};

/* The options whose value is one of a few words. */
static const struct option_choices {
	enum option_id id;
	const struct choice *choices;
	const char *noun;        /* what a value is called in "unknown NOUN 'x'" */
} option_choices[] = {
	{ OPT_FORMAT, format_choices, "format" },
	{ OPT_COLOR, color_choices, "color choice" },
	{ OPT_FAIL_ON, level_choices, "level" },
	{ OPT_UNANALYZABLE, unanalyzable_choices, "level" },
};

struct cli {
	struct run_options run;
	enum format format;
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
};

typedef int (*command_fn)(struct cli *cli);
static int cmd_check(struct cli *cli);
static int cmd_entries(struct cli *cli);
static int cmd_cfg(struct cli *cli);
static int cmd_rules(struct cli *cli);
static int cmd_explain(struct cli *cli);
static int cmd_projects(struct cli *cli);
static int cmd_fix(struct cli *cli);

static const struct command {
	const char *name;
	command_fn run;
	const char *help;
	unsigned formats;   /* the --format values it writes, as 1 << format */
} commands[] = {
	{ "check", cmd_check, "parse the inputs and check every DriverEntry (the default)",
	  1u << FORMAT_TEXT | 1u << FORMAT_JSON | 1u << FORMAT_MSVC | 1u << FORMAT_SARIF },
	{ "entries", cmd_entries, "list every DriverEntry with its driver models",
	  1u << FORMAT_TEXT | 1u << FORMAT_JSON },
	{ "cfg", cmd_cfg, "dump the control-flow graph of each function (text, or --format dot)",
	  1u << FORMAT_TEXT | 1u << FORMAT_DOT },
	{ "rules", cmd_rules, "list the rules: ID, level, driver models and title", 1u << FORMAT_TEXT },
	{ "explain", cmd_explain, "explain ID: show the documentation page of a rule", 1u << FORMAT_TEXT },
	{ "projects", cmd_projects, "list the build files found, their driver facts, files and flags",
	  1u << FORMAT_TEXT | 1u << FORMAT_JSON },
	{ "fix", cmd_fix, "check, then apply the mechanical fixes in place (--diff: show them)",
	  1u << FORMAT_TEXT },
};

static void usage_error(const char *fmt, const char *what)
{
	fprintf(stderr, "entrycheck: error: ");
	fprintf(stderr, fmt, what);
	fprintf(stderr, "\ntry 'entrycheck --help' for more information\n");
}

static void print_help(FILE *out)
{
	fprintf(out, "usage: entrycheck [COMMAND] [OPTION]... PATH...\n\n"
		     "Checks the DriverEntry routines of Windows drivers (C and C++) against what\n"
		     "Microsoft documents for each driver model. PATH is a file, or a directory\n"
		     "searched recursively for .c .cpp .cc .cxx sources in any letter case.\n\n"
		     "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(out, "  %-28s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\nOptions:\n");
	for (size_t i = 0; i < sizeof(options) / sizeof(*options); i++) {
		const struct option_spec *o = &options[i];
		char left[64];
		if (o->short_name && o->long_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->long_name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else if (o->short_name)
			snprintf(left, sizeof(left), "-%c %s", o->short_name, o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->long_name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		if (strlen(left) > 28)
			fprintf(out, "  %s\n  %-28s %s\n", left, "", o->help);
		else
			fprintf(out, "  %-28s %s\n", left, o->help);
	}
	fprintf(out, "\nDriver models (--model):");
	for (int m = 0, col = 80; m < MODEL_COUNT; m++) {
		const char *name = driver_model_name(m);
		if (col + strlen(name) + 2 > 78) {
			fprintf(out, "\n ");
			col = 1;
		}
		col += fprintf(out, " %s%s", name, m + 1 < MODEL_COUNT ? "," : "");
	}
	fprintf(out, "\n\nExit status:\n"
		     "  0  clean: every input analyzed, nothing at or above --fail-on found\n"
		     "  1  findings at or above --fail-on (default warning) that are neither\n"
		     "     suppressed inline nor in the --baseline\n"
		     "  2  usage, configuration or input error (something could not be analyzed)\n");
}

static const struct option_spec *find_long(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(options) / sizeof(*options); i++)
		if (options[i].long_name && strlen(options[i].long_name) == len &&
		    !strncmp(options[i].long_name, name, len))
			return &options[i];
	return NULL;
}

static const struct option_spec *find_short(char c)
{
	for (size_t i = 0; i < sizeof(options) / sizeof(*options); i++)
		if (options[i].short_name == c)
			return &options[i];
	return NULL;
}

/* For an option that takes one of a few words, sets `*out` to what `value`
 * means; -1 after a message naming the words when it is none of them. */
static int choose(const struct option_spec *o, const char *value, int *out)
{
	const struct option_choices *oc = NULL;
	for (size_t i = 0; i < sizeof(option_choices) / sizeof(*option_choices); i++)
		if (option_choices[i].id == o->id)
			oc = &option_choices[i];
	if (!oc)
		return 0;
	size_t n = 0;
	for (; oc->choices[n].name; n++) {
		if (!strcmp(oc->choices[n].name, value)) {
			*out = oc->choices[n].value;
			return 0;
		}
	}
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", oc->choices[i].name);
	fprintf(stderr, "entrycheck: error: unknown %s '%s' for --%s (expected %s)\n", oc->noun, value,
		o->long_name, strbuf_str(&sb));
	fprintf(stderr, "try 'entrycheck --help' for more information\n");
	strbuf_release(&sb);
	return -1;
}

/* Applies one option; returns -1 (after a message) on a bad value, 1 when the
 * program should stop successfully (--help, --version), else 0. */
static int apply_option(struct cli *cli, const struct option_spec *o, const char *value)
{
	struct run_options *run = &cli->run;
	int chosen = 0;
	if (value && choose(o, value, &chosen) != 0)
		return -1;
	switch (o->id) {
	case OPT_COMPILE_COMMANDS: run->compile_commands = value; break;
	case OPT_NO_PROJECT: run->no_project = true; break;
	case OPT_CONFIGURATION: run->project.configuration = value; break;
	case OPT_PLATFORM: run->project.platform = value; break;
	case OPT_INCLUDE:
		strvec_push(&run->args, "-I");
		{
			char *abs = path_absolute(value, NULL);
			strvec_push(&run->args, abs);
			free(abs);
		}
		break;
	case OPT_DEFINE: strvec_pushf(&run->args, "-D%s", value); break;
	case OPT_UNDEFINE: strvec_pushf(&run->args, "-U%s", value); break;
	case OPT_EXTRA_ARG: strvec_push(&run->args, value); break;
	case OPT_WDK: run->model.wdk_dir = value; break;
	case OPT_MODEL: {
		char *bad;
		if (model_set_parse(value, &run->model_override, &bad) != 0) {
			fprintf(stderr, "entrycheck: error: unknown driver model '%s'\n", bad);
			fprintf(stderr, "try 'entrycheck --help' for the list of models\n");
			free(bad);
			return -1;
		}
		break;
	}
	case OPT_FORMAT: cli->format = (enum format)chosen; break;
	case OPT_COLOR: cli->color = (enum color)chosen; break;
	case OPT_AUTOMATION_ID: cli->emit.automation_id = value; break;
	case OPT_SRCROOT_URI:
		if (strcmp(value, "none") && !strstr(value, ":")) {
			usage_error("--srcroot-uri needs an absolute URI such as file:///src/ or 'none', not '%s'",
				    value);
			return -1;
		}
		cli->emit.srcroot_uri = value;
		break;
	case OPT_FAIL_ON: cli->fail_on = chosen; break;
	case OPT_UNANALYZABLE: run->unanalyzable = (enum rule_level)chosen; break;
	case OPT_BASELINE: run->baseline = value; break;
	case OPT_WRITE_BASELINE: cli->write_baseline = value; break;
	case OPT_CONFIG: cli->config = value; break;
	case OPT_DIFF: cli->diff = true; break;
	case OPT_OUTPUT: cli->output = value; break;
	case OPT_FUNCTION: cli->function = value; break;
	case OPT_RULES: strvec_push(&run->rule_dirs, value); break;
	case OPT_EXCLUDE: strvec_push(&run->exclude, value); break;
	case OPT_SELECT:
	case OPT_IGNORE: {
		struct strvec *into = o->id == OPT_SELECT ? &run->select : &run->ignore;
		char *list = xstrdup(value), *save = NULL;
		for (char *id = strtok_r(list, ",", &save); id; id = strtok_r(NULL, ",", &save))
			strvec_push(into, id);
		free(list);
		break;
	}
	case OPT_STRICT: run->strict = true; break;
	case OPT_MAX_STATES:
	case OPT_EVAL_TIMEOUT: {
		char *end;
		double v = strtod(value, &end);
		if (*end || !(v >= 1) || v > 4e9) {
			usage_error(o->id == OPT_MAX_STATES ? "--max-states wants a number from 1 up, not '%s'"
							    : "--eval-timeout wants seconds from 1 up, not '%s'",
				    value);
			return -1;
		}
		if (o->id == OPT_MAX_STATES)
			run->max_states = (unsigned)v;
		else
			run->eval_seconds = v;
		break;
	}
	case OPT_NO_PCH: run->use_pch = false; break;
	case OPT_PARSE_ALL: run->parse_all = true; break;
	case OPT_RESOURCE_DIR: run->model.resource_dir = value; break;
	case OPT_MINGW: run->model.mingw_dir = value; break;
	case OPT_MODEL_DIR: run->model.model_dir = value; break;
	case OPT_VERBOSE: run->verbose = true; break;
	case OPT_PROGRESS: cli->progress = 1; break;
	case OPT_NO_PROGRESS: cli->progress = 0; break;
	case OPT_QUIET: cli->quiet = true; break;
	case OPT_HELP: print_help(stdout); return 1;
	case OPT_VERSION:
		print_version(stdout, run);
		return 1;
	}
	return 0;
}

static void unknown_long_option(const char *arg, size_t len)
{
	char *name = xstrndup(arg + 2, len);
	const char *near = suggest_closest(name, (const char *)options + offsetof(struct option_spec, long_name),
					   sizeof(options) / sizeof(*options), sizeof(*options));
	free(name);
	if (near)
		fprintf(stderr, "entrycheck: error: unknown option '%s' (did you mean '--%s'?)\n"
				"try 'entrycheck --help' for more information\n", arg, near);
	else
		usage_error("unknown option '%s'", arg);
}

/* Parses argv from `first`; returns 0, 1 (stop, success) or -1 (usage error). */
static int parse_arguments(struct cli *cli, int argc, char **argv, int first)
{
	bool only_paths = false;
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];
		if (only_paths || a[0] != '-' || !a[1]) {
			strvec_push(&cli->run.paths, a);
			continue;
		}
		if (!strcmp(a, "--")) {
			only_paths = true;
			continue;
		}
		const struct option_spec *o;
		const char *value = NULL;
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			o = find_long(a + 2, len);
			if (!o) {
				unknown_long_option(a, len);
				return -1;
			}
			if (eq && !o->arg) {
				usage_error("option '--%s' takes no value", o->long_name);
				return -1;
			}
			value = eq ? eq + 1 : NULL;
		} else {
			/* -qv: flags combine; the first option taking a value takes the rest */
			const char *c = a + 1;
			for (o = find_short(*c); o && !o->arg && c[1]; o = find_short(*++c)) {
				int rc = apply_option(cli, o, NULL);
				if (rc)
					return rc;
			}
			if (!o) {
				usage_error("unknown option '-%s'", (const char[]){ *c, 0 });
				return -1;
			}
			value = c[1] ? c + 1 : NULL;
		}
		if (o->arg && !value) {
			if (i + 1 >= argc) {
				if (a[1] != '-')
					usage_error("option '-%s' needs a value", (const char[]){ o->short_name, 0 });
				else
					usage_error("option '%s' needs a value", a);
				return -1;
			}
			value = argv[++i];
		}
		int rc = apply_option(cli, o, value);
		if (rc)
			return rc;
	}
	return 0;
}

/* For an error in a JSON file the user wrote (rules, configuration, baseline,
 * compile database), shows the line and a caret under the column, as jq does. */
static void print_json_context(const struct problem *p)
{
	if (!p->file || !p->line || !str_ends_with_nocase(p->file, ".json"))
		return;
	struct source src;
	const char *sys_error;
	if (source_load(p->file, SOURCE_MAX_BYTES, &src, &sys_error) != SOURCE_OK)
		return;
	const char *line = src.text;
	for (unsigned n = 1; n < p->line && line; n++) {
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	if (line) {
		size_t len = strcspn(line, "\r\n");
		fprintf(stderr, "    %.*s\n    ", (int)len, line);
		for (unsigned c = 1; c < p->column && c <= len; c++)
			fputc(line[c - 1] == '\t' ? '\t' : ' ', stderr);
		fputs("^\n", stderr);
	}
	source_release(&src);
}

static void print_problems(const struct cli *cli, const struct problems *problems)
{
	for (size_t i = 0; i < problems->len; i++) {
		const struct problem *p = &problems->items[i];
		if (cli->quiet && p->level != PROBLEM_ERROR)
			continue;
		if (p->file && p->line) {
			fprintf(stderr, "%s:%u:%u: %s: %s\n", p->file, p->line, p->column,
				problem_level_name(p->level), p->message);
			print_json_context(p);
		} else if (p->file)
			fprintf(stderr, "%s: %s: %s\n", p->file, problem_level_name(p->level), p->message);
		else
			fprintf(stderr, "entrycheck: %s: %s\n", problem_level_name(p->level), p->message);
	}
}

/* Writes `text` to -o FILE (base/output.h: atomic replacement of a regular
 * file, devices and FIFOs written in place), or to standard output. */
static int write_file(const struct cli *cli, const char *path, const char *text)
{
	if (!path) {
		fputs(text, stdout);
		return fflush(stdout) == 0 ? 0 : -1;
	}
	struct problems problems = {0};
	int rc = output_write(path, text, strlen(text), &problems);
	print_problems(cli, &problems);
	problems_clear(&problems);
	return rc;
}

static int write_report(const struct cli *cli, const char *text)
{
	return write_file(cli, cli->output, text);
}

/* Checks that the report can be written before spending time on analysis. */
static int check_output_writable(const struct cli *cli)
{
	if (!cli->output)
		return 0;
	struct problems problems = {0};
	int rc = output_check(cli->output, &problems);
	print_problems(cli, &problems);
	problems_clear(&problems);
	return rc;
}

/* Colors only for text going to a terminal, unless asked otherwise; a
 * non-empty NO_COLOR (no-color.org) or TERM=dumb turns auto off. */
static bool use_color(const struct cli *cli)
{
	if (cli->color != COLOR_AUTO)
		return cli->color == COLOR_ALWAYS;
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
	return !cli->output && isatty(STDOUT_FILENO) && !(no_color && no_color[0]) &&
	       !(term && !strcmp(term, "dumb"));
}

/* "[12/80] drv/foo.c" on one line of standard error, rewritten in place; the
 * line is cleared when parsing is over so that problems print cleanly. */
static void show_progress(void *ctx, size_t done, size_t total, const char *file)
{
	(void)ctx;
	if (!file) {
		fputs("\r\033[K", stderr);
	} else {
		int width = 60;
		size_t len = strlen(file);
		const char *tail = len > (size_t)width ? file + len - width : file;
		fprintf(stderr, "\r\033[K[%zu/%zu] %s%s", done + 1, total, tail == file ? "" : "...", tail);
	}
	fflush(stderr);
}

/* Runs the analysis and writes the report; the exit code tells whether
 * everything could be analyzed. */
static int analyze_and_report(struct cli *cli, const emit_fn *emitters)
{
	if (cli->run.paths.len == 0 && !cli->run.compile_commands) {
		usage_error("%s", "no input: name source files or directories, or pass -p");
		return EXIT_TROUBLE;
	}
	if (cli->function) {
		usage_error("%s", "option '--function' is only for the cfg command");
		return EXIT_TROUBLE;
	}
	if (check_output_writable(cli) != 0)
		return EXIT_TROUBLE;
	if ((cli->run.baseline || cli->write_baseline) && !cli->run.check) {
		usage_error("%s", "baselines are only for the check command");
		return EXIT_TROUBLE;
	}
	bool progress = cli->progress >= 0 ? cli->progress == 1 : !cli->quiet && isatty(STDERR_FILENO);
	if (progress)
		cli->run.progress = show_progress;
	struct run_result result;
	int rc = run_analysis(&cli->run, &result);
	print_problems(cli, &result.problems);
	if (cli->run.verbose)
		fprintf(stderr,
			"entrycheck: note: parsed %zu of %zu files in %.2f s (%zu against the precompiled "
			"prelude, built in %.2f s); %zu not parsed: no entry point names or reaches them "
			"(--parse-all parses them)\n",
			result.stats.parsed, result.stats.files, result.stats.parse_seconds,
			result.stats.with_pch, result.stats.pch_seconds, result.stats.skipped);
	if (rc < 0) {
		run_result_release(&result);
		return EXIT_TROUBLE;
	}
	struct emit_options style = cli->emit;
	style.msvc = cli->format == FORMAT_MSVC;
	style.color = style.msvc || cli->format == FORMAT_TEXT ? use_color(cli) : false;
	char *text = emitters[cli->format](&result, &style);
	int written = write_report(cli, text);
	free(text);
	if (cli->write_baseline) {
		text = emit_findings_json(&result, &cli->emit);
		written |= write_file(cli, cli->write_baseline, text);
		free(text);
	}
	bool trouble = rc != 0 || written != 0;
	/* An entry that cannot be analyzed is trouble, unless --unanalyzable
	 * made it a warning or a note: then it fails the gate as such a finding. */
	bool unanalyzed_fails = false;
	for (size_t i = 0; i < result.entries.len; i++) {
		const struct entry_point *e = &result.entries.items[i];
		trouble |= e->incomplete || (!e->analyzable && cli->run.unanalyzable == RULE_ERROR);
		unanalyzed_fails |= !e->analyzable && (int)cli->run.unanalyzable <= cli->fail_on;
	}
	bool failing = gate_fails(&result.findings, cli->fail_on) || unanalyzed_fails;
	run_result_release(&result);
	return trouble ? EXIT_TROUBLE : failing ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int cmd_check(struct cli *cli)
{
	static const emit_fn emitters[] = { [FORMAT_TEXT] = emit_findings_text, [FORMAT_MSVC] = emit_findings_text,
					    [FORMAT_JSON] = emit_findings_json, [FORMAT_SARIF] = emit_findings_sarif };
	cli->run.check = true;
	return analyze_and_report(cli, emitters);
}

/* Checks, then rewrites each file with the fixes of its findings (emit/patch.h),
 * or with --diff prints them. Exit: 2 on trouble or a refused fix; with
 * --diff, 1 when there is something to fix; else 0. */
static int cmd_fix(struct cli *cli)
{
	if (cli->run.paths.len == 0 && !cli->run.compile_commands) {
		usage_error("%s", "no input: name source files or directories, or pass -p");
		return EXIT_TROUBLE;
	}
	if (check_output_writable(cli) != 0)
		return EXIT_TROUBLE;
	cli->run.check = true;
	struct timespec started;
	clock_gettime(CLOCK_REALTIME, &started);
	struct run_result result;
	int rc = run_analysis(&cli->run, &result);
	print_problems(cli, &result.problems);
	if (rc < 0) {
		run_result_release(&result);
		return EXIT_TROUBLE;
	}
	struct problems problems = { 0 };
	struct fix_plan plan;
	fix_plan_make(&result, &started, &plan, &problems);
	run_result_release(&result);
	int failed = 0;
	if (cli->diff)
		failed = write_report(cli, strbuf_str(&plan.diff));
	for (size_t i = 0; !cli->diff && i < plan.len; i++)
		failed |= output_write(plan.items[i].path, plan.items[i].text, plan.items[i].len, &problems);
	print_problems(cli, &problems);
	problems_clear(&problems);
	if (!cli->quiet)
		fprintf(stderr, "entrycheck: %s %u fix%s in %zu file%s%s\n", cli->diff ? "would apply" : "applied",
			plan.fixes, plan.fixes == 1 ? "" : "es", plan.len, plan.len == 1 ? "" : "s",
			plan.refused ? " (some refused, see above)" : "");
	bool pending = cli->diff && plan.fixes;
	bool trouble = rc != 0 || failed || plan.refused;
	fix_plan_release(&plan);
	return trouble ? EXIT_TROUBLE : pending ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int cmd_entries(struct cli *cli)
{
	static const emit_fn emitters[] = { [FORMAT_TEXT] = emit_entries_text, [FORMAT_JSON] = emit_entries_json };
	return analyze_and_report(cli, emitters);
}

static int cmd_cfg(struct cli *cli)
{
	if (cli->run.paths.len == 0 && !cli->run.compile_commands) {
		usage_error("%s", "no input: name a source file");
		return EXIT_TROUBLE;
	}
	if (check_output_writable(cli) != 0)
		return EXIT_TROUBLE;
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	if (!mem) {
		fprintf(stderr, "entrycheck: error: cannot buffer the dump: %s\n", strerror(errno));
		return EXIT_TROUBLE;
	}
	struct problems problems = { 0 };
	int rc = run_cfg_dump(&cli->run, cli->function, cli->format == FORMAT_DOT, mem, &problems);
	fclose(mem);
	print_problems(cli, &problems);
	problems_clear(&problems);
	int written = rc < 0 ? 0 : write_report(cli, buf ? buf : "");
	free(buf);
	return rc != 0 || written != 0 ? EXIT_TROUBLE : EXIT_CLEAN;
}

/* Loads the rule set for the rules and explain commands, printing problems. */
static int load_rules_for(struct cli *cli, struct rule_set *rules)
{
	struct problems problems = { 0 };
	int rc = run_load_rules(&cli->run, rules, &problems);
	print_problems(cli, &problems);
	problems_clear(&problems);
	return rc;
}

static char *models_text(model_set models)
{
	if (models == (1u << MODEL_COUNT) - 1)
		return xstrdup("all");
	struct strbuf sb = STRBUF_INIT;
	for (int m = 0; m < MODEL_COUNT; m++)
		if (models & (1u << m))
			strbuf_addf(&sb, "%s%s", sb.len ? "," : "", driver_model_name(m));
	return strbuf_detach(&sb);
}

static int cmd_rules(struct cli *cli)
{
	if (cli->run.paths.len) {
		usage_error("the rules command takes no PATH ('%s')", cli->run.paths.items[0]);
		return EXIT_TROUBLE;
	}
	struct rule_set rules = RULE_SET_INIT;
	if (load_rules_for(cli, &rules) != 0) {
		rule_set_release(&rules);
		return EXIT_TROUBLE;
	}
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < rules.len; i++) {
		const struct rule *r = &rules.items[i];
		if (r->retired)
			continue;
		char *models = r->models ? models_text(r->models) : xstrdup("-");
		strbuf_addf(&sb, "%-7s %-7s %-24s %s\n", r->id, r->models ? rule_level_name(r->level) : "off",
			    models, r->title);
		free(models);
	}
	rule_set_release(&rules);
	int written = write_report(cli, strbuf_str(&sb));
	strbuf_release(&sb);
	return written ? EXIT_TROUBLE : EXIT_CLEAN;
}

static int cmd_explain(struct cli *cli)
{
	if (cli->run.paths.len != 1) {
		usage_error("%s", "explain takes one rule ID, as in 'entrycheck explain FLT004'");
		return EXIT_TROUBLE;
	}
	const char *id = cli->run.paths.items[0];
	struct rule_set rules = RULE_SET_INIT;
	if (load_rules_for(cli, &rules) != 0) {
		rule_set_release(&rules);
		return EXIT_TROUBLE;
	}
	const struct rule *r = NULL;
	for (size_t i = 0; i < rules.len && !r; i++)
		if (!strcasecmp(rules.items[i].id, id))
			r = &rules.items[i];
	if (!r) {
		fprintf(stderr, "entrycheck: error: unknown rule '%s'\n"
				"try 'entrycheck rules' for the list of rules\n", id);
		rule_set_release(&rules);
		return EXIT_TROUBLE;
	}
	char *dir = path_dirname(r->file);
	char *doc = xasprintf("%s/docs/%s.md", dir, r->id);
	struct source src;
	const char *sys_error = NULL;
	enum source_status st = source_load(doc, SOURCE_MAX_BYTES, &src, &sys_error);
	int rc = EXIT_CLEAN;
	if (st != SOURCE_OK) {
		fprintf(stderr, "entrycheck: error: cannot read '%s': %s\n", doc,
			sys_error ? sys_error : source_status_text(st));
		rc = EXIT_TROUBLE;
	} else {
		rc = write_report(cli, src.text) ? EXIT_TROUBLE : EXIT_CLEAN;
		source_release(&src);
	}
	free(doc);
	free(dir);
	rule_set_release(&rules);
	return rc;
}

/* Every command says which formats it writes; the others are refused here. */
static int check_format(const struct command *cmd, enum format format)
{
	if (cmd->formats & 1u << format)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0, total = 0;
	for (const struct choice *c = format_choices; c->name; c++)
		total += (cmd->formats & 1u << c->value) != 0;
	for (const struct choice *c = format_choices; c->name; c++)
		if (cmd->formats & 1u << c->value)
			strbuf_addf(&sb, "%s%s", n++ == 0 ? "" : n == total ? " or " : ", ", c->name);
	const char *name = format_choices[0].name;
	for (const struct choice *c = format_choices; c->name; c++)
		if (c->value == (int)format)
			name = c->name;
	fprintf(stderr, "entrycheck: error: the %s command does not write %s (it writes %s)\n", cmd->name, name,
		strbuf_str(&sb));
	fprintf(stderr, "try 'entrycheck --help' for more information\n");
	strbuf_release(&sb);
	return -1;
}

static int cmd_projects(struct cli *cli)
{
	if (cli->run.paths.len == 0) {
		usage_error("%s", "no input: name the directories or files whose build files to list");
		return EXIT_TROUBLE;
	}
	if (check_output_writable(cli) != 0)
		return EXIT_TROUBLE;
	struct problems problems = { 0 };
	struct project_set set;
	run_find_projects(&cli->run, &set, &problems);
	problems_sort(&problems);
	print_problems(cli, &problems);
	problems_clear(&problems);
	char *cwd = current_directory();
	char *text = cli->format == FORMAT_JSON ? emit_projects_json(&set, cwd) : emit_projects_text(&set, cwd);
	int written = write_report(cli, text ? text : "");
	free(text);
	free(cwd);
	project_set_release(&set);
	return written ? EXIT_TROUBLE : EXIT_CLEAN;
}

/* Reads --config FILE or the .entrycheck.json nearest the current directory
 * and merges it into the options: its rule directories count when --rules is
 * not given. Include paths and defines come before the command line's: with
 * --config that file's for every input, else each input's nearest file's. */
static int load_settings(struct cli *cli)
{
	char *path;
	if (cli->config) {
		path = xstrdup(cli->config);
	} else {
		/* Each file's nearest configuration gives its flags and models (run.h). */
		cli->run.nearest_settings = true;
		char *found = settings_find(".");
		if (!found)
			return 0;
		char *cwd = current_directory();
		path = path_relative_to(found, cwd);
		free(cwd);
		free(found);
	}
	struct problems problems = { 0 };
	int rc = settings_load(path, &cli->settings, &problems);
	free(path);
	print_problems(cli, &problems);
	problems_clear(&problems);
	if (rc != 0)
		return -1;
	struct strvec args = STRVEC_INIT;
	if (!cli->run.nearest_settings)
		strvec_push_all(&args, &cli->settings.args);
	strvec_push_all(&args, &cli->run.args);
	strvec_clear(&cli->run.args);
	cli->run.args = args;
	if (cli->run.rule_dirs.len == 0)
		strvec_push_all(&cli->run.rule_dirs, &cli->settings.rule_dirs);
	strvec_push_all(&cli->run.exclude, &cli->settings.exclude);
	cli->run.settings = &cli->settings;
	return 0;
}

/* A first word that is no path but one typo away from a command ("chek")
 * is a usage error, not an input to analyze. */
static bool mistyped_command(const char *word)
{
	if (!word[0] || strspn(word, "abcdefghijklmnopqrstuvwxyz") != strlen(word) ||
	    access(word, F_OK) == 0)
		return false;
	const char *near = suggest_closest(word, commands, sizeof(commands) / sizeof(*commands),
					   sizeof(*commands));
	if (!near)
		return false;
	fprintf(stderr, "entrycheck: error: unknown command '%s' (did you mean '%s'?)\n"
			"try 'entrycheck --help' for more information\n", word, near);
	return true;
}

int cli_main(int argc, char **argv)
{
	struct cli cli = { .format = FORMAT_TEXT, .fail_on = RULE_WARNING, .progress = -1 };
	cli.run.use_pch = true;
	const struct command *cmd = &commands[0];
	int first = 1;
	if (argc > 1) {
		for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++) {
			if (!strcmp(argv[1], commands[i].name)) {
				cmd = &commands[i];
				first = 2;
			}
		}
		if (first == 1 && !strcmp(argv[1], "help")) {
			print_help(stdout);
			return EXIT_CLEAN;
		}
		if (first == 1 && mistyped_command(argv[1]))
			return EXIT_TROUBLE;
	}
	int rc = parse_arguments(&cli, argc, argv, first);
	if (rc != 0) {
		run_options_release(&cli.run);
		return rc > 0 ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	if (check_format(cmd, cli.format) != 0) {
		run_options_release(&cli.run);
		return EXIT_TROUBLE;
	}
	if (load_settings(&cli) != 0) {
		settings_release(&cli.settings);
		run_options_release(&cli.run);
		return EXIT_TROUBLE;
	}
	rc = cmd->run(&cli);
	run_options_release(&cli.run);
	settings_release(&cli.settings);
	return rc;
}
