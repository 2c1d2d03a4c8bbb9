/* SPDX-License-Identifier: Apache-2.0 */
/* The items of a .vcxproj, evaluated with the final properties: ClCompile,
 * Link and MessageCompile item definitions (pass 2), then ClCompile items,
 * each file with the flags of its metadata, and MessageCompile items, the ETW
 * manifests whose headers mc.exe generates (pass 3). Properties and imports
 * are project/msbuild.c. */
#include <glob.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/map.h"
#include "base/path.h"
#include "base/strbuf.h"
#include "project/msbuild.h"
#include "project/msbuild_parts.h"
#include "project/project.h"

/* Applies the metadata children (and metadata attributes) of `n` to `meta`;
 * %(Name) in a value is the metadata's value so far. */
static void apply_metadata(struct msbuild *mb, xmlNodePtr n, struct props *meta)
{
	static const char *const not_metadata[] = { "Include", "Exclude", "Remove", "Update",
						    "Condition", "Label", "KeepMetadata",
						    "RemoveMetadata", "KeepDuplicates" };
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		bool skip = false;
		for (size_t i = 0; i < sizeof(not_metadata) / sizeof(*not_metadata); i++)
			skip |= !strcasecmp((const char *)a->name, not_metadata[i]);
		if (skip)
			continue;
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
		char *what = alloc_printf("metadata '%s'", (const char *)a->name);
		char *value = msbuild_expand_noted(mb, v ? (const char *)v : "", meta, what);
		free(what);
		msbuild_props_set(meta, (const char *)a->name, value);
		free(value);
		xmlFree(v);
	}
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !msbuild_holds(mb, c, meta))
			continue;
		char *raw = msbuild_text_of(c);
		char *what = alloc_printf("metadata '%s'", (const char *)c->name);
		char *value = msbuild_expand_noted(mb, raw, meta, what);
		free(what);
		msbuild_props_set(meta, (const char *)c->name, value);
		free(value);
		free(raw);
	}
}

void msbuild_evaluate_definitions(struct msbuild *mb)
{
	for (size_t i = 0; i < mb->nlater; i++) {
		xmlNodePtr g = mb->later[i].node;
		mb->this_dir = mb->later[i].dir;
		if (!msbuild_named(g, "ItemDefinitionGroup") || !msbuild_holds(mb, g, NULL))
			continue;
		for (xmlNodePtr c = g->children; c; c = c->next)
			if (msbuild_named(c, "ClCompile") && msbuild_holds(mb, c, NULL))
				apply_metadata(mb, c, &mb->definition);
			else if (msbuild_named(c, "Link") && msbuild_holds(mb, c, NULL))
				apply_metadata(mb, c, &mb->link);
			else if (msbuild_named(c, "MessageCompile") && msbuild_holds(mb, c, NULL))
				apply_metadata(mb, c, &mb->message);
	}
}

struct flag_builder {
	struct msbuild *mb;
	struct strvec *args;
	const char *flag;
};

static void add_include_dir(void *data, const char *dir)
{
	struct flag_builder *fb = data;
	if (!dir[strspn(dir, "\\/")]) {
		/* `$(KMDF_INC_PATH)$(KMDF_VER_PATH)\` with both unknown: not the drive's root. */
		msbuild_note(fb->mb, fb->mb->out->path, "include directory empty once expanded, skipped: %s",
		     dir);
		return;
	}
	char *abs = project_resolve_path(dir, fb->mb->project_dir, fb->mb->dirs);
	if (!path_is_directory(abs)) {
		/* $(IntDir), $(OutDir) and kit directories: generated or elsewhere. */
		msbuild_note(fb->mb, fb->mb->out->path, "include directory not in the tree, skipped: %s", dir);
	} else if (!strvec_contains(fb->args, abs)) {
		strvec_push(fb->args, "-I");
		strvec_push(fb->args, abs);
	}
	free(abs);
}

static void add_forced_include(void *data, const char *file)
{
	struct flag_builder *fb = data;
	char *abs = project_resolve_path(file, fb->mb->project_dir, fb->mb->dirs);
	if (!path_is_regular_file(abs)) {
		msbuild_note(fb->mb, fb->mb->out->path, "forced include not in the tree, skipped: %s", file);
	} else if (project_inside_tree(fb->mb->opts, fb->mb->out->path, abs, "forced include", file,
				       fb->mb->problems)) {
		strvec_push(fb->args, "-include");
		strvec_push(fb->args, abs);
	}
	free(abs);
}

static void add_macro(void *data, const char *name)
{
	struct flag_builder *fb = data;
	strvec_pushf(fb->args, "%s%s", fb->flag, name);
}

static void build_flags(struct msbuild *mb, const struct props *meta, struct strvec *args)
{
	struct flag_builder fb = { mb, args, NULL };
	const char *v;
	if ((v = msbuild_props_get(meta, "AdditionalIncludeDirectories")))
		msbuild_list_each(v, add_include_dir, &fb);
	/* The project's VC++ directories come after, as cl reads INCLUDE after /I. */
	if ((v = msbuild_props_get(&mb->props, "IncludePath")))
		msbuild_list_each(v, add_include_dir, &fb);
	fb.flag = "-D";
	if ((v = msbuild_props_get(meta, "PreprocessorDefinitions")))
		msbuild_list_each(v, add_macro, &fb);
	fb.flag = "-U";
	if ((v = msbuild_props_get(meta, "UndefinePreprocessorDefinitions")))
		msbuild_list_each(v, add_macro, &fb);
	if ((v = msbuild_props_get(meta, "ForcedIncludeFiles")))
		msbuild_list_each(v, add_forced_include, &fb);
}

/* The flags of items by the metadata they come from: 100,000 items of one
 * definition resolved and tested every include directory 100,000 times. */
struct flag_memo {
	struct strindex keys;   /* the metadata that make flags, joined... */
	struct strvec *flags;   /* ...and the flags they make, by key number */
	size_t cap;
	struct strbuf key;      /* scratch */
};

/* Longer keys are not kept: flags made from them are made again. */
#define FLAG_KEY_MAX 4096

/* Appends the flags of an item with metadata `meta` to `args`: -I, -D, -U
 * and -include in that order. What they say of a directory or a file is the
 * same for every item, and said once as the problems are sorted. */
static void item_flags(struct msbuild *mb, const struct props *meta, struct strvec *args)
{
	static const char *const from_meta[] = { "AdditionalIncludeDirectories", "PreprocessorDefinitions",
						 "UndefinePreprocessorDefinitions", "ForcedIncludeFiles" };
	struct flag_memo *m = mb->flag_memo;
	m->key.len = 0;
	for (size_t i = 0; i <= sizeof(from_meta) / sizeof(*from_meta); i++) {
		const char *v = i < sizeof(from_meta) / sizeof(*from_meta) ? msbuild_props_get(meta, from_meta[i])
									   : msbuild_props_get(&mb->props, "IncludePath");
		/* Each value after its length: no two lists of values make one key. */
		strbuf_addf(&m->key, "%zu:%s", v ? strlen(v) : 0, v ? v : "");
	}
	if (m->key.len > FLAG_KEY_MAX) {
		build_flags(mb, meta, args);
		return;
	}
	size_t known = m->keys.len;
	int k = strindex_add(&m->keys, strbuf_str(&m->key));
	if ((size_t)k >= known) {
		GROW(m->flags, m->cap, (size_t)k + 1);
		m->flags[k] = (struct strvec)STRVEC_INIT;
		build_flags(mb, meta, &m->flags[k]);
	}
	strvec_push_all(args, &m->flags[k]);
}

struct item_context {
	struct msbuild *mb;
	const struct props *meta;
	bool excluded;
};

static void add_item_path(struct item_context *ic, const char *path)
{
	if (ic->excluded) {
		project_remove_file(ic->mb->out, path);
		return;
	}
	struct project_file *f = project_add_file(ic->mb->out, path);
	strvec_clear(&f->args);
	item_flags(ic->mb, ic->meta, &f->args);
}

/* A ClCompile element at `path`, its wildcards as MSBuild has them. */
static void add_item(struct item_context *ic, const char *path)
{
	if (strpbrk(path, "*?")) {
		/* Wildcards as MSBuild has them, with the letter case of the disk. */
		glob_t g;
		if (glob(path, 0, NULL, &g) == 0)
			for (size_t i = 0; i < g.gl_pathc; i++)
				if (path_is_regular_file(g.gl_pathv[i]))
					add_item_path(ic, g.gl_pathv[i]);
		globfree(&g);
	} else {
		add_item_path(ic, path);
	}
}

const char *msbuild_trimmed_meta(const struct props *meta, const char *name, char **owned)
{
	const char *v = msbuild_props_get(meta, name);
	*owned = NULL;
	if (!v)
		return NULL;
	v += strspn(v, " \t\r\n");
	size_t n = strlen(v);
	while (n && strchr(" \t\r\n", v[n - 1]))
		n--;
	*owned = n ? alloc_strndup(v, n) : NULL;
	return *owned;
}

/* A manifest (or message text file) and the header mc.exe writes from it:
 * GeneratedFilesBaseName (-z), else the input's base name, with HeaderExtension
 * (-e), else "h". UseBaseNameOfInput (-b) names only the .bin files. */
static void add_manifest(struct item_context *ic, const char *path)
{
	if (ic->excluded)
		return;
	char *base = NULL, *ext = NULL;
	msbuild_trimmed_meta(ic->meta, "GeneratedFilesBaseName", &base);
	msbuild_trimmed_meta(ic->meta, "HeaderExtension", &ext);
	const char *file = path_basename(path);
	const char *dot = strrchr(file, '.');
	char *stem = base ? alloc_strdup(base) : alloc_strndup(file, dot && dot > file ? (size_t)(dot - file) : strlen(file));
	struct driver_facts *f = &ic->mb->out->facts;
	strvec_push(&f->etw_manifests, path);
	strvec_pushf(&f->etw_headers, "%s.%s", stem, ext ? ext + (ext[0] == '.') : "h");
	free(stem);
	free(base);
	free(ext);
}

struct item_element {
	struct msbuild *mb;
	xmlNodePtr node;
	const struct props *defaults;
	void (*each)(struct item_context *, const char *path);
};

/* One element of an item: its kind's definitions, its well-known metadata,
 * then the item's own metadata, which may name either; `each` takes its
 * path, found on disk once. */
static void evaluate_element(void *data, const char *element)
{
	struct item_element *ie = data;
	struct props meta = { 0 };
	msbuild_props_copy(&meta, ie->defaults);
	char *path = project_resolve_path(element, ie->mb->project_dir, ie->mb->dirs);
	msbuild_props_set_well_known(&meta, element, path);
	apply_metadata(ie->mb, ie->node, &meta);
	const char *excluded = msbuild_props_get(&meta, "ExcludedFromBuild");
	struct item_context ic = { ie->mb, &meta, excluded && !strcasecmp(excluded, "true") };
	ie->each(&ic, path);
	free(path);
	msbuild_props_clear(&meta);
}

/* One item; `each` takes every element of its Include. */
static void evaluate_item(struct msbuild *mb, xmlNodePtr c, const struct props *defaults,
			  void (*each)(struct item_context *, const char *))
{
	char *raw = msbuild_attribute(c, "Include");
	if (!raw)
		return;
	char *include = msbuild_expand_noted(mb, raw, NULL, "an item's Include");
	struct item_element ie = { mb, c, defaults, each };
	msbuild_list_each(include, evaluate_element, &ie);
	free(include);
	free(raw);
}

void msbuild_evaluate_items(struct msbuild *mb)
{
	struct flag_memo memo = { STRINDEX_INIT, NULL, 0, STRBUF_INIT };
	mb->flag_memo = &memo;
	for (size_t i = 0; i < mb->nlater; i++) {
		xmlNodePtr g = mb->later[i].node;
		mb->this_dir = mb->later[i].dir;
		if (!msbuild_named(g, "ItemGroup") || !msbuild_holds(mb, g, NULL))
			continue;
		for (xmlNodePtr c = g->children; c; c = c->next) {
			if (msbuild_named(c, "MessageCompile") && msbuild_holds(mb, c, NULL))
				evaluate_item(mb, c, &mb->message, add_manifest);
			else if (msbuild_named(c, "ClCompile") && msbuild_holds(mb, c, NULL))
				evaluate_item(mb, c, &mb->definition, add_item);
		}
	}
	for (size_t i = 0; i < memo.keys.len; i++)
		strvec_clear(&memo.flags[i]);
	free(memo.flags);
	strindex_clear(&memo.keys);
	strbuf_release(&memo.key);
	mb->flag_memo = NULL;
}
