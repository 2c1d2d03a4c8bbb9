/* SPDX-License-Identifier: Apache-2.0 */
/* The commands: one table dispatches, each command declares the formats it
 * writes. Everything printed by entrycheck is printed here, in options.c
 * (--help, usage errors) or by the emitters this file calls. */
#include "cli/cli.h"
#include "cli/options.h"
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
#include "emit/merge.h"
#include "emit/patch.h"
#include "emit/findings.h"
#include "emit/html.h"
#include "findings/gate.h"
#include "emit/projects.h"
#include "emit/sarif.h"
#include "run/run.h"
#include "rules/settings.h"
#include "base/escape.h"
#include "base/source.h"
#include "base/output.h"
#include "base/problems.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/path.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/strvec.h"

typedef int (*command_fn)(struct cli *cli);
static int cmd_check(struct cli *cli);
static int cmd_entries(struct cli *cli);
static int cmd_cfg(struct cli *cli);
static int cmd_rules(struct cli *cli);
static int cmd_explain(struct cli *cli);
static int cmd_projects(struct cli *cli);
static int cmd_fix(struct cli *cli);
static int cmd_merge(struct cli *cli);

static const struct command {
	const char *name;
	command_fn run;
	const char *help;
	unsigned formats;   /* the --format values it writes, as 1 << format */
} commands[] = {
	{ "check", cmd_check, "parse the inputs and check every DriverEntry (the default)",
	  1u << FORMAT_TEXT | 1u << FORMAT_JSON | 1u << FORMAT_MSVC | 1u << FORMAT_SARIF | 1u << FORMAT_HTML },
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
	{ "merge", cmd_merge, "merge the JSON or SARIF reports of --shard runs (PATH...) into one",
	  1u << FORMAT_JSON | 1u << FORMAT_SARIF },
};

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
	options_print(out);
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
		     "     (with --write-baseline: the baseline was written)\n"
		     "  1  findings at or above --fail-on (default warning) that are neither\n"
		     "     suppressed inline nor in the --baseline\n"
		     "  2  usage, configuration or input error (something could not be analyzed,\n"
		     "     no DriverEntry to check, a suppression naming no rule)\n");
}

/* How much of a long line the context shows: a window around the column. */
enum { CONTEXT_WIDTH = 72 };

static bool continuation_byte(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* For an error in a JSON file the user wrote (rules, configuration, baseline,
 * compile database), shows the line and a caret under the column, as jq does;
 * of a long line (a generated file on one line), the part around the column. */
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
		size_t col = p->column ? p->column - 1 : 0, from = 0, to = len;
		if (col > len)
			col = len;
		if (len > CONTEXT_WIDTH) {
			from = col > CONTEXT_WIDTH / 2 ? col - CONTEXT_WIDTH / 2 : 0;
			while (from > 0 && continuation_byte(line[from]))
				from--;
			to = from + CONTEXT_WIDTH < len ? from + CONTEXT_WIDTH : len;
			while (to < len && continuation_byte(line[to]))
				to++;
		}
		const char *lead = from ? "..." : "";
		/* The user's line, but escaped: it may come from a tree under review. */
		char *part = alloc_strndup(line + from, to - from);
		struct strbuf shown = STRBUF_INIT;
		strbuf_addf(&shown, "    %s", lead);
		strbuf_add_escaped(&shown, part);
		strbuf_addf(&shown, "%s\n", to < len ? "..." : "");
		text_defuse_commands(&shown);
		fprintf(stderr, "%s    %s", strbuf_str(&shown), from ? "   " : "");
		strbuf_release(&shown);
		free(part);
		for (size_t c = from; c < col; c++)
			if (!continuation_byte(line[c]))
				fputc(line[c] == '\t' ? '\t' : ' ', stderr);
		fputs("^\n", stderr);
	}
	source_release(&src);
}

/* File names and messages may come from the tree under review: one line
 * each, nothing for a terminal or a CI log to act on (base/escape.h). */
static void print_line(struct strbuf *line)
{
	strbuf_addc(line, '\n');
	text_defuse_commands(line);
	fputs(strbuf_str(line), stderr);
	strbuf_release(line);
}

static void print_problem(const struct problem *p)
{
	struct strbuf line = STRBUF_INIT;
	if (p->file)
		strbuf_add_escaped(&line, p->file);
	else
		strbuf_adds(&line, "entrycheck");
	if (p->file && p->line)
		strbuf_addf(&line, ":%u:%u", p->line, p->column);
	strbuf_addf(&line, ": %s: ", problem_level_name(p->level));
	strbuf_add_escaped(&line, p->message);
	if (p->hint) {
		strbuf_adds(&line, " (");
		strbuf_add_escaped(&line, p->hint);
		strbuf_addc(&line, ')');
	}
	print_line(&line);
	if (p->file && p->line)
		print_json_context(p);
}

static void print_summary_line(const char *file, size_t notes)
{
	struct strbuf line = STRBUF_INIT;
	strbuf_add_escaped(&line, file);
	strbuf_addf(&line, ": %zu notes (-v lists them)", notes);
	print_line(&line);
}

/* Three levels: -q prints errors only; the default, errors, warnings, the
 * run's own notes and, for each file with notes, one line: the note when
 * it is the only one, else their count; -v everything. The notes of a file
 * are counted where its first one is. */
static void print_problems(const struct cli *cli, const struct problems *problems)
{
	struct strindex counted = STRINDEX_INIT;
	for (size_t i = 0; i < problems->len; i++) {
		const struct problem *p = &problems->items[i];
		if (cli->quiet && p->level != PROBLEM_ERROR)
			continue;
		if (cli->run.verbose || p->level != PROBLEM_NOTE || !p->file) {
			print_problem(p);
			continue;
		}
		if (strindex_find(&counted, p->file) >= 0)
			continue;
		strindex_add(&counted, p->file);
		size_t n = 0;
		for (size_t k = i; k < problems->len; k++)
			n += problems->items[k].level == PROBLEM_NOTE && problems->items[k].file &&
			     !strcmp(problems->items[k].file, p->file);
		if (n == 1)
			print_problem(p);
		else
			print_summary_line(p->file, n);
	}
	strindex_clear(&counted);
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

/* Checks that the report (or baseline) can be written before spending time on analysis. */
static int check_output_writable(const struct cli *cli, const char *path)
{
	if (!path)
		return 0;
	struct problems problems = {0};
	int rc = output_check(path, &problems);
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
		char *shown = text_escaped(tail);
		fprintf(stderr, "\r\033[K[%zu/%zu] %s%s", done + 1, total, tail == file ? "" : "...", shown);
		free(shown);
	}
	fflush(stderr);
}

/* Runs the analysis and writes the report; the exit code tells whether
 * everything could be analyzed. */
static int analyze_and_report(struct cli *cli, const emit_fn *emitters)
{
	if (cli->run.paths.len == 0 && !cli->run.compile_commands) {
		options_usage_error("%s", "no input: name source files or directories, or pass -p");
		return EXIT_TROUBLE;
	}
	if (cli->function) {
		options_usage_error("%s", "option '--function' is only for the cfg command");
		return EXIT_TROUBLE;
	}
	if (check_output_writable(cli, cli->output) != 0 ||
	    check_output_writable(cli, cli->write_baseline) != 0)
		return EXIT_TROUBLE;
	if ((cli->run.baseline || cli->write_baseline) && !cli->run.check) {
		options_usage_error("%s", "baselines are only for the check command");
		return EXIT_TROUBLE;
	}
	if (cli->run.changed_since && !cli->run.check) {
		options_usage_error("%s", "option '--changed-since' is only for the check and fix commands");
		return EXIT_TROUBLE;
	}
	if (cli->run.changed_since && cli->write_baseline) {
		options_usage_error("%s", "a baseline holds the whole run's findings: '--write-baseline' cannot go "
				    "with '--changed-since'");
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
			"entrycheck: note: analyzed %zu of %zu files, %zu of them unchanged since a run the "
			"result cache kept; parsed the others in %.2f s (%zu against the precompiled "
			"prelude, built in %.2f s, %u prelude%s from the cache); %zu not parsed: no entry point "
			"names or reaches them (--parse-all parses them)\n",
			result.stats.parsed, result.stats.files, result.stats.cached, result.stats.parse_seconds,
			result.stats.with_pch, result.stats.pch_seconds, result.stats.pch_cached,
			result.stats.pch_cached == 1 ? "" : "s", result.stats.skipped);
	if (cli->run.verbose && result.stats.cache_rejected)
		fprintf(stderr,
			"entrycheck: note: %zu cache entr%s failed authentication (torn, corrupt, edited, or "
			"not sealed with this cache's key) and %s made again\n",
			result.stats.cache_rejected, result.stats.cache_rejected == 1 ? "y" : "ies",
			result.stats.cache_rejected == 1 ? "was" : "were");
	if (cli->run.verbose && cli->run.check)
		fprintf(stderr,
			"entrycheck: note: evaluated %zu DriverEntry routine%s in %.2f s, %zu of them taken from "
			"the evaluation cache (nothing they read changed)\n",
			result.stats.evaluated, result.stats.evaluated == 1 ? "" : "s", result.stats.eval_seconds,
			result.stats.eval_cached);
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
	/* Writing a baseline accepts today's findings: they do not fail this run. */
	bool failing = !cli->write_baseline && (gate_fails(&result.findings, cli->fail_on) || unanalyzed_fails);
	run_result_release(&result);
	return trouble ? EXIT_TROUBLE : failing ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int cmd_check(struct cli *cli)
{
	static const emit_fn emitters[] = { [FORMAT_TEXT] = emit_findings_text, [FORMAT_MSVC] = emit_findings_text,
					    [FORMAT_JSON] = emit_findings_json, [FORMAT_SARIF] = emit_findings_sarif,
					    [FORMAT_HTML] = emit_html };
	cli->run.check = true;
	return analyze_and_report(cli, emitters);
}

/* The active findings of `r`, one line each ("file:line:col: level: message
 * [ID]"), after the summary `head`: what a check run now would fail on. */
static void print_remaining(const struct cli *cli, const char *head, const struct run_result *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->findings.len; i++)
		n += finding_is_active(&r->findings.items[i]);
	if (!cli->quiet && n)
		fprintf(stderr, "entrycheck: %s; %zu finding%s remain%s:\n", head, n, n == 1 ? "" : "s",
			n == 1 ? "s" : "");
	else if (!cli->quiet)
		fprintf(stderr, "entrycheck: %s; no finding remains\n", head);
	char *cwd = path_current_directory();
	for (size_t i = 0; i < r->findings.len; i++) {
		const struct finding *f = &r->findings.items[i];
		if (!finding_is_active(f))
			continue;
		char *shown = path_relative_to(f->file, cwd);
		fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n", shown, f->line, f->column, rule_level_name(f->rule->level),
			f->message, f->rule->id);
		free(shown);
	}
	free(cwd);
}

/* Checks, then rewrites each file with the fixes of its findings (emit/patch.h),
 * or with --diff prints them; after rewriting, checks again and says what
 * remains (a fixed finding may have hidden another). Exit: 2 on trouble or a
 * refused fix; with --diff, 1 when there is something to fix; else 0. */
static int cmd_fix(struct cli *cli)
{
	if (cli->run.paths.len == 0 && !cli->run.compile_commands) {
		options_usage_error("%s", "no input: name source files or directories, or pass -p");
		return EXIT_TROUBLE;
	}
	if (check_output_writable(cli, cli->output) != 0)
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
	int failed = 0;
	if (cli->diff)
		failed = write_report(cli, strbuf_str(&plan.diff));
	for (size_t i = 0; !cli->diff && i < plan.len; i++)
		failed |= output_write(plan.items[i].path, plan.items[i].text, plan.items[i].len, &problems);
	print_problems(cli, &problems);
	problems_clear(&problems);
	char *head = alloc_printf("%s %u fix%s in %zu file%s%s", cli->diff ? "would apply" : "applied", plan.fixes,
			       plan.fixes == 1 ? "" : "es", plan.len, plan.len == 1 ? "" : "s",
			       plan.refused ? " (some refused, see above)" : "");
	if (cli->diff || failed) {
		if (!cli->quiet)
			fprintf(stderr, "entrycheck: %s\n", head);
	} else if (plan.fixes == 0) {
		print_remaining(cli, head, &result);
	} else {
		/* The files changed: what remains is what a new check finds. Its
		 * notes were printed by the first run; only new errors are shown. */
		struct run_result again;
		int rc2 = run_analysis(&cli->run, &again);
		for (size_t i = 0; i < again.problems.len; i++)
			if (again.problems.items[i].level != PROBLEM_ERROR)
				again.problems.items[i].level = PROBLEM_NOTE;
		bool was_quiet = cli->quiet;
		cli->quiet = true;
		print_problems(cli, &again.problems);
		cli->quiet = was_quiet;
		if (rc2 >= 0)
			print_remaining(cli, head, &again);
		rc = rc2 < 0 ? rc2 : rc2 > rc ? rc2 : rc;
		run_result_release(&again);
	}
	free(head);
	run_result_release(&result);
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
		options_usage_error("%s", "no input: name a source file");
		return EXIT_TROUBLE;
	}
	if (check_output_writable(cli, cli->output) != 0)
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
	struct strbuf dump = STRBUF_INIT;
	strbuf_adds(&dump, buf ? buf : "");
	free(buf);
	text_defuse_commands(&dump);
	int written = rc < 0 ? 0 : write_report(cli, strbuf_str(&dump));
	strbuf_release(&dump);
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
		return alloc_strdup("all");
	struct strbuf sb = STRBUF_INIT;
	for (int m = 0; m < MODEL_COUNT; m++)
		if (models & (1u << m))
			strbuf_addf(&sb, "%s%s", sb.len ? "," : "", driver_model_name(m));
	return strbuf_detach(&sb);
}

static int cmd_rules(struct cli *cli)
{
	if (cli->run.paths.len) {
		options_usage_error("the rules command takes no PATH ('%s')", cli->run.paths.items[0]);
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
		char *models = r->models ? models_text(r->models) : alloc_strdup("-");
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
		options_usage_error("%s", "explain takes one rule ID, as in 'entrycheck explain FLT004'");
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
	char *doc = alloc_printf("%s/docs/%s.md", dir, r->id);
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

/* Joins the reports of shard runs (emit/merge.h); --format, when given,
 * says which format they must be in. */
static int cmd_merge(struct cli *cli)
{
	if (cli->run.paths.len == 0) {
		options_usage_error("%s", "no input: name the reports to merge, as in 'entrycheck merge 1.sarif 2.sarif'");
		return EXIT_TROUBLE;
	}
	if (check_output_writable(cli, cli->output) != 0)
		return EXIT_TROUBLE;
	struct merge_options mo = { .automation_id = cli->emit.automation_id };
	if (cli->format_set)
		mo.want = cli->format == FORMAT_SARIF ? MERGE_SARIF : MERGE_JSON;
	struct problems problems = { 0 };
	char *text = NULL;
	enum merge_format got;
	int rc = merge_reports((const char *const *)cli->run.paths.items, cli->run.paths.len, &mo, &text, &got,
			       &problems);
	print_problems(cli, &problems);
	problems_clear(&problems);
	int written = rc == 0 ? write_report(cli, text) : 0;
	free(text);
	return rc != 0 || written != 0 ? EXIT_TROUBLE : EXIT_CLEAN;
}

/* Every command says which formats it writes; the others are refused here. */
static int check_format(const struct command *cmd, enum format format)
{
	if (cmd->formats & 1u << format)
		return 0;
	char *list = options_format_list(cmd->formats);
	fprintf(stderr, "entrycheck: error: the %s command does not write %s (it writes %s)\n", cmd->name,
		options_format_name(format), list);
	fprintf(stderr, "try 'entrycheck --help' for more information\n");
	free(list);
	return -1;
}

static int cmd_projects(struct cli *cli)
{
	if (cli->run.paths.len == 0) {
		options_usage_error("%s", "no input: name the directories or files whose build files to list");
		return EXIT_TROUBLE;
	}
	if (check_output_writable(cli, cli->output) != 0)
		return EXIT_TROUBLE;
	struct problems problems = { 0 };
	struct project_set set;
	run_find_projects(&cli->run, &set, &problems);
	problems_sort(&problems);
	print_problems(cli, &problems);
	bool trouble = problems_count(&problems, PROBLEM_ERROR) > 0;
	problems_clear(&problems);
	char *cwd = path_current_directory();
	char *text = cli->format == FORMAT_JSON ? emit_projects_json(&set, cwd) : emit_projects_text(&set, cwd);
	int written = write_report(cli, text ? text : "");
	free(text);
	free(cwd);
	project_set_release(&set);
	return written || trouble ? EXIT_TROUBLE : EXIT_CLEAN;
}

/* Reads --config FILE or the .entrycheck.json nearest the current directory
 * and merges it into the options: its rule directories count when --rules is
 * not given. Include paths and defines come before the command line's: with
 * --config that file's for every input, else each input's nearest file's. */
static int load_settings(struct cli *cli)
{
	char *path;
	if (cli->config) {
		path = alloc_strdup(cli->config);
	} else {
		/* Each file's nearest configuration gives its flags and models (run.h). */
		cli->run.nearest_settings = true;
		char *found = settings_find(".");
		if (!found)
			return 0;
		char *cwd = path_current_directory();
		path = path_relative_to(found, cwd);
		free(cwd);
		free(found);
	}
	struct problems problems = { 0 };
	int rc = settings_load(path, &cli->settings, &problems);
	print_problems(cli, &problems);
	problems_clear(&problems);
	if (rc != 0) {
		free(path);
		return -1;
	}
	struct strvec args = STRVEC_INIT;
	if (!cli->run.nearest_settings)
		strvec_push_all(&args, &cli->settings.args);
	strvec_push_all(&args, &cli->run.args);
	strvec_clear(&cli->run.args);
	cli->run.args = args;
	if (cli->run.rule_dirs.len == 0)
		strvec_push_all(&cli->run.rule_dirs, &cli->settings.rule_dirs);
	strvec_push_all(&cli->run.exclude, &cli->settings.exclude);
	for (size_t i = 0; i < cli->settings.exclude.len; i++)
		strvec_push(&cli->run.exclude_from, path);
	free(path);
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
	int rc = options_parse(&cli, argc, argv, first);
	if (rc != 0) {
		if (cli.want_help)
			print_help(stdout);
		run_options_release(&cli.run);
		return rc > 0 ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	if (cli.run.shards && cmd->run != cmd_check && cmd->run != cmd_entries) {
		options_usage_error("option '--shard' is only for the check and entries commands, not %s", cmd->name);
		run_options_release(&cli.run);
		return EXIT_TROUBLE;
	}
	if ((cmd->run != cmd_merge || cli.format_set) && check_format(cmd, cli.format) != 0) {
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
