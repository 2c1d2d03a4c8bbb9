/* SPDX-License-Identifier: Apache-2.0 */
/* The option table, the words options take, and parsing argv into a
 * struct cli. */
#include "cli/options.h"
#include "cli/suggest.h"
#include "cli/version.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "base/path.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "run/shard.h"

enum option_id {
	OPT_COMPILE_COMMANDS, OPT_INCLUDE, OPT_DEFINE, OPT_UNDEFINE, OPT_EXTRA_ARG, OPT_WDK,
	OPT_MODEL, OPT_FORMAT, OPT_OUTPUT, OPT_NO_PCH, OPT_CACHE_DIR, OPT_NO_CACHE, OPT_PARSE_ALL, OPT_GROUP_SIZE, OPT_JOBS, OPT_RESOURCE_DIR, OPT_MINGW, OPT_MODEL_DIR,
	OPT_FUNCTION, OPT_RULES, OPT_STRICT, OPT_VERBOSE, OPT_QUIET, OPT_HELP, OPT_VERSION,
	OPT_COLOR, OPT_AUTOMATION_ID, OPT_SRCROOT, OPT_SRCROOT_URI, OPT_SARIF_HELP, OPT_FAIL_ON, OPT_BASELINE, OPT_WRITE_BASELINE,
	OPT_CONFIG, OPT_MAX_STATES, OPT_EVAL_TIMEOUT,
	OPT_NO_PROJECT, OPT_ALLOW_OUTSIDE_IMPORTS, OPT_CONFIGURATION, OPT_PLATFORM, OPT_EXCLUDE, OPT_SELECT, OPT_IGNORE, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_UNANALYZABLE, OPT_DIFF, OPT_SHARD,
	OPT_CHANGED_SINCE, OPT_ALLOW_EMPTY,
};


/* The words an option takes, and what each means; NULL-terminated. */
struct choice {
	const char *name;
	int value;
};

static const struct choice format_choices[] = {
	{ "text", FORMAT_TEXT }, { "json", FORMAT_JSON }, { "msvc", FORMAT_MSVC },
	{ "sarif", FORMAT_SARIF }, { "html", FORMAT_HTML }, { "dot", FORMAT_DOT }, { NULL, 0 },
};
static const struct choice color_choices[] = {
	{ "auto", COLOR_AUTO }, { "always", COLOR_ALWAYS }, { "never", COLOR_NEVER }, { NULL, 0 },
};
static const struct choice help_choices[] = {
	{ "full", 0 }, { "short", 1 }, { NULL, 0 },
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
	{ OPT_ALLOW_OUTSIDE_IMPORTS, 0, "allow-outside-imports", "DIR",
	  "let build files import files under DIR, outside the tree (repeatable; default: the tree only)" },
	{ OPT_CONFIGURATION, 0, "configuration", "NAME", "the MSBuild configuration to evaluate (default Release)" },
	{ OPT_PLATFORM, 0, "platform", "NAME", "the MSBuild platform to evaluate (default x64)" },
	{ OPT_INCLUDE, 'I', NULL, "DIR", "search DIR for headers, before the header model" },
	{ OPT_DEFINE, 'D', NULL, "NAME[=VALUE]", "define a macro" },
	{ OPT_UNDEFINE, 'U', NULL, "NAME", "undefine a macro" },
	{ OPT_EXTRA_ARG, 0, "extra-arg", "ARG", "pass ARG to clang as it is" },
	{ OPT_WDK, 0, "wdk", "DIR", "use the headers of a real Windows Driver Kit under DIR" },
	{ OPT_MODEL, 0, "model", "MODEL[,MODEL]", "take every DriverEntry to be of these driver models" },
	{ OPT_FORMAT, 0, "format", "FORMAT",
	  "report format: text (default), json; for check also msvc, sarif and html; for cfg text or dot; "
	  "for merge json or sarif (default: the reports')" },
	{ OPT_OUTPUT, 'o', "output", "FILE", "write the report to FILE instead of standard output" },
	{ OPT_COLOR, 0, "color", "WHEN",
	  "color text reports: auto (default: on a terminal unless NO_COLOR is set), always, never" },
	{ OPT_AUTOMATION_ID, 0, "automation-id", "ID",
	  "sarif: run.automationDetails.id (default: none, so upload-sarif's category applies)" },
	{ OPT_SRCROOT, 0, "srcroot", "DIR",
	  "sarif: artifact URIs are relative to DIR (default: the top of the git work tree holding the inputs)" },
	{ OPT_SRCROOT_URI, 0, "srcroot-uri", "URI",
	  "sarif: the URI of %SRCROOT% (default: its directory as a file:// URI; none: left out)" },
	{ OPT_SARIF_HELP, 0, "sarif-help", "WHAT",
	  "sarif: each rule's help: full (default: its page) or short (its requirement and link, a smaller log)" },
	{ OPT_NO_PCH, 0, "no-pch", NULL, "do not precompile the header model (slower)" },
	{ OPT_CACHE_DIR, 0, "cache-dir", "DIR",
	  "keep precompiled preludes and per-file results in DIR between runs (default: $XDG_CACHE_HOME/entrycheck, else ~/.cache/entrycheck)" },
	{ OPT_NO_CACHE, 0, "no-cache", NULL, "keep nothing between runs: no cached preludes or per-file results" },
	{ OPT_PARSE_ALL, 0, "parse-all", NULL,
	  "parse every input, also files that neither name an entry point nor define what one reaches" },
	{ OPT_GROUP_SIZE, 0, "group-size", "N",
	  "analyze a large tree N input files at a time, releasing each group's facts (default 1000)" },
	{ OPT_JOBS, 'j', "jobs", "N",
	  "parse N files at once (default: one per online processor; 1 parses them in turn)" },
	{ OPT_SHARD, 0, "shard", "K/N",
	  "check and entries: take only shard K of N, by project or directory (entrycheck merge joins the reports)" },
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
	  "explore at most N states per rule and DriverEntry (default 1000000)" },
	{ OPT_EVAL_TIMEOUT, 0, "eval-timeout", "SECONDS",
	  "evaluate each DriverEntry for at most SECONDS (default 60); past a budget, exit 2" },
	{ OPT_FAIL_ON, 0, "fail-on", "LEVEL",
	  "exit 1 on findings at or above LEVEL: error, warning (default), note or none" },
	{ OPT_UNANALYZABLE, 0, "unanalyzable", "LEVEL",
	  "report a DriverEntry that cannot be analyzed as an error (default: exit 2), warning or note "
	  "(then it counts toward --fail-on like a finding of that level)" },
	{ OPT_BASELINE, 0, "baseline", "FILE",
	  "a SARIF or JSON report of an earlier run: its findings do not fail the run" },
	{ OPT_WRITE_BASELINE, 0, "write-baseline", "FILE",
	  "also write this run's findings to FILE as a baseline (then they do not fail the run)" },
	{ OPT_CHANGED_SINCE, 0, "changed-since", "REF",
	  "report only findings on lines changed since the merge base of REF and HEAD (git), "
	  "committed or not; only they fail the run" },
	{ OPT_ALLOW_EMPTY, 0, "allow-empty", NULL,
	  "check: finding no DriverEntry to check is not an error (default: exit 2)" },
	{ OPT_DIFF, 0, "diff", NULL, "fix: print the changes as a unified diff instead of making them" },
	{ OPT_CONFIG, 0, "config", "FILE", "read the configuration from FILE instead of .entrycheck.json" },
	{ OPT_PROGRESS, 0, "progress", NULL, "show files parsed so far on standard error (default: on a terminal)" },
	{ OPT_NO_PROGRESS, 0, "no-progress", NULL, "do not show progress" },
	{ OPT_VERBOSE, 'v', "verbose", NULL,
	  "list every note on standard error (default: one line per file), and every clang warning and error" },
	{ OPT_QUIET, 'q', "quiet", NULL, "report only errors on standard error: no warnings or notes" },
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
	{ OPT_SARIF_HELP, help_choices, "help choice" },
	{ OPT_FAIL_ON, level_choices, "level" },
	{ OPT_UNANALYZABLE, unanalyzable_choices, "level" },
};

void options_usage_error(const char *fmt, const char *what)
{
	fprintf(stderr, "entrycheck: error: ");
	char *shown = text_escaped(what); /* a path from a script's loop may hold anything */
	fprintf(stderr, fmt, shown);
	free(shown);
	fprintf(stderr, "\ntry 'entrycheck --help' for more information\n");
}

void options_print(FILE *out)
{
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
}

const char *options_format_name(enum format format)
{
	for (const struct choice *c = format_choices; c->name; c++)
		if (c->value == (int)format)
			return c->name;
	return "?";
}

char *options_format_list(unsigned formats)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0, total = 0;
	for (const struct choice *c = format_choices; c->name; c++)
		total += (formats & 1u << c->value) != 0;
	for (const struct choice *c = format_choices; c->name; c++)
		if (formats & 1u << c->value)
			strbuf_addf(&sb, "%s%s", n++ == 0 ? "" : n == total ? " or " : ", ", c->name);
	return strbuf_detach(&sb);
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
	case OPT_ALLOW_OUTSIDE_IMPORTS: {
		/* Compared with the real paths of what a build file imports. */
		char *real = realpath(value, NULL);
		if (!real || !path_is_directory(real)) {
			free(real);
			options_usage_error("--allow-outside-imports wants an existing folder, not '%s'", value);
			return -1;
		}
		strvec_push(&run->allow_outside, real);
		free(real);
		run->project.outside_ok = &run->allow_outside;
		break;
	}
	case OPT_CONFIGURATION: run->project.configuration = value; break;
	case OPT_PLATFORM: run->project.platform = run->model.platform = value; break;
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
		if (driver_model_set_parse(value, &run->model_override, &bad) != 0) {
			fprintf(stderr, "entrycheck: error: unknown driver model '%s'\n", bad);
			fprintf(stderr, "try 'entrycheck --help' for the list of models\n");
			free(bad);
			return -1;
		}
		break;
	}
	case OPT_FORMAT:
		cli->format = (enum format)chosen;
		cli->format_set = true;
		break;
	case OPT_COLOR: cli->color = (enum color)chosen; break;
	case OPT_AUTOMATION_ID: cli->emit.automation_id = value; break;
	case OPT_SRCROOT:
		if (!path_is_directory(value)) {
			options_usage_error("--srcroot needs an existing directory, not '%s'", value);
			return -1;
		}
		cli->emit.srcroot = value;
		break;
	case OPT_SRCROOT_URI:
		if (strcmp(value, "none") && !strstr(value, ":")) {
			options_usage_error("--srcroot-uri needs an absolute URI such as file:///src/ or 'none', not '%s'",
					    value);
			return -1;
		}
		cli->emit.srcroot_uri = value;
		break;
	case OPT_SARIF_HELP: cli->emit.short_help = chosen; break;
	case OPT_FAIL_ON: cli->fail_on = chosen; break;
	case OPT_UNANALYZABLE: run->unanalyzable = (enum rule_level)chosen; break;
	case OPT_BASELINE: run->baseline = value; break;
	case OPT_WRITE_BASELINE: cli->write_baseline = value; break;
	case OPT_CHANGED_SINCE: run->changed_since = value; break;
	case OPT_ALLOW_EMPTY: run->allow_empty = true; break;
	case OPT_CONFIG: cli->config = value; break;
	case OPT_DIFF: cli->diff = true; break;
	case OPT_OUTPUT: cli->output = value; break;
	case OPT_FUNCTION: cli->function = value; break;
	case OPT_RULES: strvec_push(&run->rule_dirs, value); break;
	case OPT_EXCLUDE:
		strvec_push(&run->exclude, value);
		strvec_push(&run->exclude_from, "--exclude");
		break;
	case OPT_SELECT:
	case OPT_IGNORE: {
		struct strvec *into = o->id == OPT_SELECT ? &run->select : &run->ignore;
		char *list = alloc_strdup(value), *save = NULL;
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
			options_usage_error(o->id == OPT_MAX_STATES ? "--max-states wants a number from 1 up, not '%s'"
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
	case OPT_CACHE_DIR:
		if (!*value) {
			options_usage_error("%s", "--cache-dir wants a folder, not an empty name (--no-cache keeps nothing)");
			return -1;
		}
		run->cache_dir = value;
		break;
	case OPT_NO_CACHE: run->no_cache = true; break;
	case OPT_PARSE_ALL: run->parse_all = true; break;
	case OPT_GROUP_SIZE: {
		char *end;
		unsigned long n = strtoul(value, &end, 10);
		if (*end || value[0] < '1' || value[0] > '9' || n > 1000000) {
			options_usage_error("--group-size wants a number of files from 1 up, not '%s'", value);
			return -1;
		}
		run->group_inputs = (size_t)n;
		break;
	}
	case OPT_JOBS: {
		char *end;
		unsigned long v = strtoul(value, &end, 10);
		if (!*value || *end || v < 1 || v > 1024 || value[0] == '-') {
			options_usage_error("--jobs wants a number from 1 to 1024, not '%s'", value);
			return -1;
		}
		run->jobs = (unsigned)v;
		break;
	}
	case OPT_SHARD:
		if (shard_parse(value, &run->shard, &run->shards) != 0) {
			options_usage_error("--shard wants K/N with 1 <= K <= N <= 10000, as 2/3, not '%s'", value);
			return -1;
		}
		break;
	case OPT_RESOURCE_DIR: run->model.resource_dir = value; break;
	case OPT_MINGW: run->model.mingw_dir = value; break;
	case OPT_MODEL_DIR: run->model.model_dir = value; break;
	case OPT_VERBOSE: run->verbose = true; break;
	case OPT_PROGRESS: cli->progress = 1; break;
	case OPT_NO_PROGRESS: cli->progress = 0; break;
	case OPT_QUIET: cli->quiet = true; break;
	case OPT_HELP: cli->want_help = true; return 1;
	case OPT_VERSION:
		version_print(stdout, run);
		return 1;
	}
	return 0;
}

static void unknown_long_option(const char *arg, size_t len)
{
	char *name = alloc_strndup(arg + 2, len);
	const char *near = suggest_closest(name, (const char *)options + offsetof(struct option_spec, long_name),
					   sizeof(options) / sizeof(*options), sizeof(*options));
	free(name);
	if (near)
		fprintf(stderr, "entrycheck: error: unknown option '%s' (did you mean '--%s'?)\n"
				"try 'entrycheck --help' for more information\n", arg, near);
	else
		options_usage_error("unknown option '%s'", arg);
}

/* Parses argv from `first`; returns 0, 1 (stop, success) or -1 (usage error). */
int options_parse(struct cli *cli, int argc, char **argv, int first)
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
				options_usage_error("option '--%s' takes no value", o->long_name);
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
				options_usage_error("unknown option '-%s'", (const char[]){ *c, 0 });
				return -1;
			}
			value = c[1] ? c + 1 : NULL;
		}
		if (o->arg && !value) {
			if (i + 1 >= argc) {
				if (a[1] != '-')
					options_usage_error("option '-%s' needs a value", (const char[]){ o->short_name, 0 });
				else
					options_usage_error("option '%s' needs a value", a);
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
