/* SPDX-License-Identifier: Apache-2.0 */
/* Which of a file's flags can change the precompiled prelude. A macro the
 * prelude's headers never name cannot change what they declare, and a
 * directory holding none of their file names cannot change which files they
 * are; such flags stay the file's own, so the projects of a tree share a few
 * preludes instead of building one each. The names come from the text of
 * every header the prelude may read, conditionals ignored (a superset). */
#include "front/preludeflags.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/path.h"
#include "base/source.h"
#include "base/str.h"
#include "base/strvec.h"
#include "front/directive.h"

static bool ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static char *lowercase(const char *s)
{
	char *l = alloc_strdup(s);
	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

/* Every identifier of `text` into `names`; every include it names, resolved
 * in `dirs` (and, quoted, beside `path`), onto `queue`. */
static void scan_header(const char *path, const char *text, size_t len, const struct strvec *dirs,
			struct prelude_names *out, struct strvec *queue)
{
	char *here = path_dirname(path);
	for (size_t at = 0; at < len;) {
		if (ident_start(text[at]) && (at == 0 || !str_ident_char(text[at - 1]))) {
			size_t end = at;
			while (end < len && str_ident_char(text[end]))
				end++;
			char *name = alloc_strndup(text + at, end - at);
			strindex_add(&out->names, name);
			free(name);
			at = end;
			continue;
		}
		if (text[at] == '#' && (at == 0 || text[at - 1] == '\n' || isspace((unsigned char)text[at - 1]))) {
			const char *eol = memchr(text + at, '\n', len - at);
			struct include_directive d;
			if (include_directive_parse(text + at, eol ? eol : text + len, &d)) {
				char *base = strrchr(d.name, '/') ? strrchr(d.name, '/') + 1 : d.name;
				char *lower = lowercase(base);
				strindex_add(&out->files, lower);
				free(lower);
				/* Every directory that has it: #include_next reads past the first. */
				if (d.quoted) {
					char *beside = path_join(here, d.name);
					if (path_is_regular_file(beside))
						strvec_push(queue, beside);
					free(beside);
				}
				for (size_t i = 0; i < dirs->len; i++) {
					char *candidate = path_join(dirs->items[i], d.name);
					if (path_is_regular_file(candidate))
						strvec_push(queue, candidate);
					free(candidate);
				}
				free(d.name);
			}
		}
		at++;
	}
	free(here);
}

void prelude_names_build(const struct header_model *m, const char *prelude, struct prelude_names *out)
{
	memset(out, 0, sizeof(*out));
	struct strvec dirs = STRVEC_INIT;
	strvec_push(&dirs, m->model_dir);
	if (m->mingw_dir) {
		strvec_pushf(&dirs, "%s/ddk", m->mingw_dir);
		strvec_push(&dirs, m->mingw_dir);
	}
	strvec_pushf(&dirs, "%s/include", m->resource_dir);
	struct strvec queue = STRVEC_INIT;
	struct strindex seen = STRINDEX_INIT;
	strvec_push(&queue, prelude);
	char *base = strrchr(prelude, '/') ? strrchr(prelude, '/') + 1 : (char *)prelude;
	char *lower = lowercase(base);
	strindex_add(&out->files, lower);
	free(lower);
	for (size_t i = 0; i < queue.len; i++) {
		const char *path = queue.items[i];
		if (strindex_find(&seen, path) >= 0)
			continue;
		strindex_add(&seen, path);
		struct source src;
		const char *sys;
		if (source_load(path, SOURCE_MAX_BYTES, &src, &sys) != SOURCE_OK)
			continue;
		scan_header(path, src.text, src.len, &dirs, out, &queue);
		source_release(&src);
	}
	strindex_clear(&seen);
	strvec_clear(&queue);
	strvec_clear(&dirs);
}

void prelude_names_release(struct prelude_names *n)
{
	strindex_clear(&n->names);
	strindex_clear(&n->files);
	for (size_t i = 0; i < n->ndirs; i++)
		free(n->dirs[i].path);
	free(n->dirs);
	memset(n, 0, sizeof(*n));
}

/* Whether `dir` holds a file named as one the prelude reads (any letter
 * case: the kit's names differ in case from their includes). Each directory
 * is read once. */
static bool shadows(struct prelude_names *n, const char *dir)
{
	for (size_t i = 0; i < n->ndirs; i++)
		if (!strcmp(n->dirs[i].path, dir))
			return n->dirs[i].shadows;
	bool found = false;
	DIR *d = opendir(dir);
	for (struct dirent *de; d && !found && (de = readdir(d));) {
		char *lower = lowercase(de->d_name);
		found = strindex_find(&n->files, lower) >= 0;
		free(lower);
	}
	if (d)
		closedir(d);
	GROW(n->dirs, n->cap_dirs, n->ndirs + 1);
	n->dirs[n->ndirs++] = (struct prelude_dir){ alloc_strdup(dir), found };
	return found;
}

/* A -D whose value is a string literal (a build's product name, version
 * text): it selects nothing in the Windows headers, but its name may be a
 * parameter name in mingw's copies (TargetName), so the prelude is built
 * without it; the file itself still sees it. */
static bool string_define(const char *value)
{
	const char *eq = strchr(value, '=');
	return eq && (eq[1] == '"' || (eq[1] == 'L' && eq[2] == '"'));
}

/* The macro a -D or -U value names: up to '=' or '('. */
static bool names_prelude_macro(const struct prelude_names *n, const char *value)
{
	size_t len = 0;
	while (value[len] && value[len] != '=' && value[len] != '(')
		len++;
	char *name = alloc_strndup(value, len);
	bool yes = strindex_find(&n->names, name) >= 0;
	free(name);
	return yes;
}

static const char *const dir_options[] = { "-I", "-iquote", "-isystem", "-idirafter" };

void prelude_names_filter(struct prelude_names *n, const struct strvec *args, size_t begin, size_t end,
			  struct strvec *out)
{
	for (size_t i = 0; i < args->len; i++) {
		const char *a = args->items[i];
		if (i < begin || i >= end) {
			strvec_push(out, a);
			continue;
		}
		bool macro = (a[0] == '-' && (a[1] == 'D' || a[1] == 'U'));
		if (macro) {
			bool split = a[2] == '\0' && i + 1 < end;
			const char *value = split ? args->items[i + 1] : a + 2;
			if (*value && names_prelude_macro(n, value) && !(a[1] == 'D' && string_define(value))) {
				strvec_push(out, a);
				if (split)
					strvec_push(out, value);
			}
			i += split;
			continue;
		}
		const char *dir = NULL;
		size_t option = 0;
		for (size_t k = 0; k < sizeof(dir_options) / sizeof(*dir_options) && !dir; k++) {
			size_t ol = strlen(dir_options[k]);
			if (!strcmp(a, dir_options[k]) && i + 1 < end)
				dir = args->items[i + 1], option = 2;
			else if (!strncmp(a, dir_options[k], ol) && a[ol])
				dir = a + ol, option = 1;
		}
		if (dir) {
			if (shadows(n, dir)) {
				strvec_push(out, a);
				if (option == 2)
					strvec_push(out, dir);
			}
			i += option == 2;
			continue;
		}
		strvec_push(out, a);
	}
}
