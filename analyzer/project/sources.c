/* SPDX-License-Identifier: Apache-2.0 */
/* WDK 7 and older `sources` files: nmake macro assignments read by the
 * kit's build.exe. The lines that matter are INCLUDES, C_DEFINES, SOURCES,
 * TARGETTYPE, the KMDF/UMDF versions and the entry point (DRIVERENTRY,
 * LINKER_FLAGS' /ENTRY:); a `\` at the end of a line continues it, `#`
 * starts a comment, `!` directives are read through (both branches of an !if
 * count). $(NAME) expands to what the file defined before; the kit's own
 * macros ($(DDK_INC_PATH)...) expand to nothing, since the header model
 * stands for the kit. */
#include "project/project.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/path.h"
#include "base/problems.h"
#include "base/source.h"
#include "base/strbuf.h"
#include "project/dircache.h"
#include "project/msbuild.h"

struct macros {
	struct strvec names, values;
};

static const char *macro_lookup(void *data, const char *name)
{
	const struct macros *m = data;
	for (size_t i = m->names.len; i-- > 0;)
		if (!strcasecmp(m->names.items[i], name))
			return m->values.items[i];
	return NULL;
}

/* TARGETTYPE: what build.exe made of the sources. */
static const struct {
	const char *targettype;
	const char *driver_type;        /* NULL: not a driver */
	const char *configuration_type;
} target_types[] = {
	{ "DRIVER", "WDM", "Driver" },
	{ "MINIPORT", "Miniport", "Driver" },
	{ "EXPORT_DRIVER", "Export", "Driver" },
	{ "GDI_DRIVER", NULL, "Driver" },
	{ "DRIVER_LIBRARY", NULL, "StaticLibrary" },
	{ "LIBRARY", NULL, "StaticLibrary" },
	{ "DYNLINK", NULL, "DynamicLibrary" },
	{ "PROGRAM", NULL, "Application" },
};

/* Joins continued lines and drops comments and directives; the result is
 * one assignment per line. */
static char *logical_lines(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		const char *end = p + n;
		const char *hash = memchr(p, '#', n);
		const char *stop = hash ? hash : end;
		while (stop > p && isspace((unsigned char)stop[-1]))
			stop--;
		bool continued = !hash && stop > p && stop[-1] == '\\';
		if (continued)
			stop--;
		const char *s = p;
		while (s < stop && isspace((unsigned char)*s))
			s++;
		if (s < stop && *s != '!')
			strbuf_add(&sb, p, (size_t)(stop - p));
		strbuf_addc(&sb, continued ? ' ' : '\n');
		p = *end ? end + 1 : end;
	}
	return strbuf_detach(&sb);
}

static void split_words(const char *text, const char *separators, struct strvec *out)
{
	const char *p = text;
	while (*p) {
		p += strspn(p, separators);
		size_t n = strcspn(p, separators);
		if (n) {
			char *word = alloc_strndup(p, n);
			strvec_push(out, word);
			free(word);
		}
		p += n;
	}
}

static void add_flags(const char *dir, const struct macros *m, struct strvec *args,
		      struct project_dircache *dirs)
{
	struct strvec words = STRVEC_INIT;
	const char *includes = macro_lookup((void *)m, "INCLUDES");
	if (includes)
		split_words(includes, "; \t", &words);
	for (size_t i = 0; i < words.len; i++) {
		char *abs = project_resolve_path(words.items[i], dir, dirs);
		if (path_is_directory(abs) && !strvec_contains(args, abs)) {
			strvec_push(args, "-I");
			strvec_push(args, abs);
		}
		free(abs);
	}
	strvec_clear(&words);
	const char *defines = macro_lookup((void *)m, "C_DEFINES");
	if (defines)
		split_words(defines, " \t", &words);
	for (size_t i = 0; i < words.len; i++) {
		const char *w = words.items[i];
		if ((w[0] == '-' || w[0] == '/') && (w[1] == 'D' || w[1] == 'U') && w[2])
			strvec_pushf(args, "-%c%s", w[1], w + 2);
	}
	strvec_clear(&words);
}

/* RUN_WPP's -scan:FILE and -func:SPEC options (the rest is for tracewpp). */
static void take_wpp(const char *dir, const struct macros *m, struct driver_facts *f,
		     struct project_dircache *dirs)
{
	const char *run = macro_lookup((void *)m, "RUN_WPP");
	struct strbuf funcs = STRBUF_INIT;
	for (const char *p = run; p && *p;) {
		p += strspn(p, " \t");
		size_t n = strcspn(p, " \t");
		if (n > 6 && !strncmp(p, "-scan:", 6) && !f->wpp_scan) {
			char *file = alloc_strndup(p + 6, n - 6);
			f->wpp_scan = project_resolve_path(file, dir, dirs);
			free(file);
		} else if (n > 6 && !strncmp(p, "-func:", 6)) {
			strbuf_add(&funcs, p + 6, n - 6);
			strbuf_addc(&funcs, '\n');
		}
		p += n;
	}
	if (funcs.len)
		f->wpp_funcs = strbuf_detach(&funcs);
	else
		strbuf_release(&funcs);
}

/* The linker's entry: DRIVERENTRY, unless LINKER_FLAGS names one itself
 * (/ENTRY:, -entry:), the option as the author wrote it for the linker. */
static void take_entry(const struct macros *m, struct driver_facts *f)
{
	const char *entry = macro_lookup((void *)m, "DRIVERENTRY");
	struct strvec words = STRVEC_INIT;
	const char *flags = macro_lookup((void *)m, "LINKER_FLAGS");
	if (flags)
		split_words(flags, " \t", &words);
	for (size_t i = 0; i < words.len; i++) {
		const char *w = words.items[i];
		if ((w[0] == '/' || w[0] == '-') && !strncasecmp(w + 1, "entry:", 6))
			entry = w + 7;
	}
	f->entry_point = entry ? project_entry_symbol(entry) : NULL;
	strvec_clear(&words);
}

static void take_facts(const struct macros *m, struct driver_facts *f)
{
	const char *type = macro_lookup((void *)m, "TARGETTYPE");
	for (size_t i = 0; type && i < sizeof(target_types) / sizeof(*target_types); i++) {
		if (strcasecmp(type, target_types[i].targettype))
			continue;
		if (target_types[i].driver_type)
			f->driver_type = alloc_strdup(target_types[i].driver_type);
		f->configuration_type = alloc_strdup(target_types[i].configuration_type);
	}
	const char *kmdf = macro_lookup((void *)m, "KMDF_VERSION_MAJOR");
	if (kmdf && kmdf[0]) {
		const char *minor = macro_lookup((void *)m, "KMDF_VERSION_MINOR");
		f->kmdf_version = minor && minor[0] ? alloc_printf("%s.%s", kmdf, minor) : alloc_strdup(kmdf);
		free(f->driver_type);
		f->driver_type = alloc_strdup("KMDF");
	}
	const char *umdf = macro_lookup((void *)m, "UMDF_VERSION");
	if (!umdf || !umdf[0])
		umdf = macro_lookup((void *)m, "UMDF_VERSION_MAJOR");
	if (umdf && umdf[0]) {
		f->umdf_version = alloc_strdup(umdf);
		free(f->driver_type);
		f->driver_type = alloc_strdup("UMDF");
	}
}

/* Reads NAME = VALUE lines into `m`, each value expanded as it is read; a
 * value too long once expanded is an error naming `shown` and the macro. */
static void read_assignments(const char *lines, struct macros *m, const char *shown,
			     struct problems *problems)
{
	struct msbuild_scope scope = { macro_lookup, m, NULL, NULL, NULL, NULL };
	const char *p = lines;
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = alloc_strndup(p, n);
		p += n + (p[n] == '\n');
		char *eq = strchr(line, '=');
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		if (eq && eq > s) {
			char *name_end = eq;
			while (name_end > s && isspace((unsigned char)name_end[-1]))
				name_end--;
			char *value = eq + 1;
			while (isspace((unsigned char)*value))
				value++;
			char *name = alloc_strndup(s, (size_t)(name_end - s));
			if (name[0] && strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
						   "0123456789_") == strlen(name)) {
				char *expanded = msbuild_expand(&scope, value);
				if (!expanded)
					problems_add(problems, PROBLEM_ERROR, shown, 0, 0,
						     "macro '%s' is longer than %d KiB once expanded; treated as empty",
						     name, MSBUILD_VALUE_MAX / 1024);
				strvec_push(&m->names, name);
				strvec_push(&m->values, expanded ? expanded : "");
				free(expanded);
			}
			free(name);
		}
		free(line);
	}
}

int project_sources_load(const char *path, const struct project_options *opts, struct project *out,
			 struct problems *problems)
{
	memset(out, 0, sizeof(*out));
	out->path = alloc_strdup(path);
	out->kind = "sources";
	out->facts.project = alloc_strdup(path);
	struct source src;
	const char *sys_error = NULL;
	enum source_status st = source_load(path, SOURCE_MAX_BYTES, &src, &sys_error);
	if (st != SOURCE_OK) {
		char *cwd = path_current_directory();
		char *shown = path_relative_to(path, cwd);
		problems_add(problems, PROBLEM_NOTE, shown, 0, 0, "cannot read build file: %s",
			     sys_error ? sys_error : source_status_text(st));
		free(shown);
		free(cwd);
		return -1;
	}
	char *lines = logical_lines(src.text);
	source_release(&src);
	struct macros m = { STRVEC_INIT, STRVEC_INIT };
	char *cwd = path_current_directory();
	char *shown = path_relative_to(path, cwd);
	read_assignments(lines, &m, shown, problems);
	free(shown);
	free(cwd);
	free(lines);

	char *dir = path_dirname(path);
	struct strvec args = STRVEC_INIT;
	struct project_dircache *dirs = project_dircache_new();
	add_flags(dir, &m, &args, dirs);
	struct strvec files = STRVEC_INIT;
	const char *sources = macro_lookup(&m, "SOURCES");
	if (sources)
		split_words(sources, " \t", &files);
	for (size_t i = 0; i < files.len; i++) {
		if (!inputs_is_source_name(files.items[i]))
			continue;
		char *abs = project_resolve_path(files.items[i], dir, dirs);
		struct project_file *f = project_add_file(out, abs);
		strvec_clear(&f->args);
		strvec_push_all(&f->args, &args);
		free(abs);
	}
	take_facts(&m, &out->facts);
	take_wpp(dir, &m, &out->facts, dirs);
	project_dircache_free(dirs);
	take_entry(&m, &out->facts);
	strvec_clear(&files);
	strvec_clear(&args);
	strvec_clear(&m.names);
	strvec_clear(&m.values);
	free(dir);
	(void)opts;
	return 0;
}
