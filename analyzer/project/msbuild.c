/* SPDX-License-Identifier: Apache-2.0 */
/* Evaluating a .vcxproj as MSBuild would, for what the preprocessor sees:
 * properties (pass 1, following Imports in the tree and Directory.Build.props),
 * ClCompile item definitions and the Link entry point (pass 2) and ClCompile
 * items (pass 3, both in project/msitems.c), with Conditions on properties.
 * It does not run targets, property functions or item transforms: those
 * expand to nothing. XML is read by libxml2, with the network and entity
 * expansion off. */
#include "project/project.h"

#include <glob.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
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
#include "project/msbuild_parts.h"
#include "project/msconfig.h"

void msbuild_note(struct msbuild *mb, const char *file, const char *fmt, const char *what)
{
	if (!mb->opts->verbose)
		return;
	char *shown = path_relative_to(file, mb->cwd);
	problems_add(mb->problems, PROBLEM_NOTE, shown, 0, 0, fmt, what);
	free(shown);
}

static const char *lookup_property(void *data, const char *name)
{
	struct msbuild *mb = data;
	if (!strcasecmp(name, "MSBuildThisFileDirectory"))
		return mb->this_dir;
	return msbuild_props_get(&mb->props, name);
}

char *msbuild_expand_noted(struct msbuild *mb, const char *text, const struct props *meta, const char *what)
{
	char *unsupported = NULL;
	struct msbuild_scope scope = { lookup_property, mb, meta, mb->this_dir, &unsupported, mb->dirs };
	char *value = msbuild_expand(&scope, text);
	if (value && !unsupported)
		return value;
	char *shown = path_relative_to(mb->out->path, mb->cwd);
	char *in = mb->this_file && strcmp(mb->this_file, mb->out->path)
			   ? path_relative_to(mb->this_file, mb->cwd) : NULL;
	char *where = alloc_printf("%s%s%s", in ? " (in '" : "", in ? in : "", in ? "')" : "");
	if (!value)
		problems_add(mb->problems, PROBLEM_ERROR, shown, 0, 0, "%s is longer than %d KiB once expanded%s; "
			     "treated as empty", what, MSBUILD_VALUE_MAX / 1024, where);
	if (unsupported) /* the same note again (item by item) is dropped when problems are sorted */
		problems_add(mb->problems, PROBLEM_NOTE, shown, 0, 0, "%s%s uses a property function entrycheck "
			     "does not evaluate, taken as empty: %s", what, where, unsupported);
	free(unsupported);
	free(where);
	free(in);
	free(shown);
	return value ? value : alloc_strdup("");
}

char *msbuild_attribute(xmlNodePtr n, const char *name)
{
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		if (strcasecmp((const char *)a->name, name))
			continue;
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
		char *s = alloc_strdup(v ? (const char *)v : "");
		xmlFree(v);
		return s;
	}
	return NULL;
}

char *msbuild_text_of(xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s = alloc_strdup(v ? (const char *)v : "");
	xmlFree(v);
	return s;
}

bool msbuild_named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

bool msbuild_holds(struct msbuild *mb, xmlNodePtr n, const struct props *meta)
{
	char *cond = msbuild_attribute(n, "Condition");
	if (!cond)
		return true;
	struct msbuild_scope scope = { lookup_property, mb, meta, mb->this_dir, NULL, mb->dirs };
	bool ok = msbuild_condition(&scope, cond);
	free(cond);
	return ok;
}

static void process_children(struct msbuild *mb, xmlNodePtr parent, int depth);

static void set_property(struct msbuild *mb, xmlNodePtr n)
{
	const char *name = (const char *)n->name;
	for (size_t i = 0; i < mb->globals.len; i++)
		if (!strcasecmp(mb->globals.items[i], name))
			return;
	char *raw = msbuild_text_of(n);
	char *what = alloc_printf("property '%s'", name);
	char *value = msbuild_expand_noted(mb, raw, NULL, what);
	free(what);
	msbuild_props_set(&mb->props, name, value);
	free(value);
	free(raw);
}

static xmlDocPtr read_document(struct msbuild *mb, const char *path, bool quiet)
{
	struct source src;
	const char *sys_error = NULL;
	char *shown = path_relative_to(path, mb->cwd);
	enum source_status st = source_load(path, SOURCE_MAX_BYTES, &src, &sys_error);
	if (st != SOURCE_OK) {
		if (!quiet)
			problems_add(mb->problems, PROBLEM_NOTE, shown, 0, 0, "cannot read build file: %s",
				     sys_error ? sys_error : source_status_text(st));
		free(shown);
		return NULL;
	}
	/* The text is UTF-8 now, whatever the declaration says; no network, no entities. */
	xmlDocPtr doc = xmlReadMemory(src.text, (int)src.len, path, "UTF-8",
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	source_release(&src);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root || !msbuild_named(root, "Project")) {
		const xmlError *err = xmlGetLastError();
		if (!doc && err)
			problems_add(mb->problems, PROBLEM_NOTE, shown, (unsigned)err->line,
				     (unsigned)(err->int2 > 0 ? err->int2 : 0),
				     "not an MSBuild project: invalid XML");
		else
			problems_add(mb->problems, PROBLEM_NOTE, shown, 0, 0,
				     "not an MSBuild project: no <Project> element");
		if (doc)
			xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlResetLastError();
	free(shown);
	return doc;
}

/* Notes an Import of a file that is being evaluated: the chain that leads back to it. */
static void note_cycle(struct msbuild *mb, const char *path, const char *id)
{
	struct strbuf sb = STRBUF_INIT;
	size_t from = mb->chain.len;
	for (size_t i = 0; i < mb->chain.len; i++) {
		char *other = path_identity(mb->chain.items[i]);
		if (other && !strcmp(other, id) && from == mb->chain.len)
			from = i;
		free(other);
	}
	for (size_t i = from; i < mb->chain.len; i++) {
		char *shown = path_relative_to(mb->chain.items[i], mb->cwd);
		strbuf_addf(&sb, "'%s' imports ", shown);
		free(shown);
	}
	char *shown = path_relative_to(path, mb->cwd);
	char *file = path_relative_to(mb->this_file, mb->cwd);
	problems_add(mb->problems, PROBLEM_NOTE, file, 0, 0, "import cycle skipped: %s'%s', the same file",
		     strbuf_str(&sb), shown);
	free(file);
	free(shown);
	strbuf_release(&sb);
}

/* Evaluates the file at `path` in place, as an Import does; each file once,
 * known by its identity, not its spelling: through links to ".", "l1/a.props"
 * and "l2/a.props" are one file, and counting them apart was 2^32 imports. */
static void import_file(struct msbuild *mb, const char *path, int depth)
{
	char *id = path_identity(path);
	if (!id || depth > 32 || strindex_find(&mb->ids, id) >= 0) {
		bool cycle = false;
		for (size_t i = 0; id && i < mb->chain.len && !cycle; i++) {
			char *other = path_identity(mb->chain.items[i]);
			cycle = other && !strcmp(other, id);
			free(other);
		}
		if (cycle)
			note_cycle(mb, path, id);
		free(id);
		return;
	}
	strindex_add(&mb->ids, id);
	free(id);
	xmlDocPtr doc = read_document(mb, path, false);
	if (!doc)
		return;
	GROW(mb->docs, mb->docs_cap, mb->ndocs + 1);
	mb->docs[mb->ndocs++] = doc;
	const char *saved = mb->this_dir, *saved_file = mb->this_file;
	char *dir = path_dirname(path);
	char *this_dir = alloc_printf("%s/", dir);
	free(dir);
	strvec_push(&mb->loaded, this_dir); /* owned by `loaded`, so deferred groups can point at it */
	mb->this_dir = mb->loaded.items[mb->loaded.len - 1];
	free(this_dir);
	strvec_push(&mb->chain, path);
	mb->this_file = mb->chain.items[mb->chain.len - 1];
	process_children(mb, xmlDocGetRootElement(doc), depth + 1);
	free(mb->chain.items[--mb->chain.len]);
	mb->this_dir = saved;
	mb->this_file = saved_file;
}

static void import(struct msbuild *mb, xmlNodePtr n, int depth)
{
	char *raw = msbuild_attribute(n, "Project");
	if (!raw)
		return;
	char *expanded = msbuild_expand_noted(mb, raw, NULL, "an Import's Project");
	char *path = project_resolve_path(expanded, mb->this_dir, mb->dirs);
	if (strpbrk(path, "*?"))
		msbuild_note(mb, path, "import with wildcards not evaluated: %s", raw);
	else if (path_is_regular_file(path)) {
		if (project_inside_tree(mb->opts, mb->out->path, path, "import", raw, mb->problems))
			import_file(mb, path, depth);
	}
	else
		msbuild_note(mb, mb->out->path, "import not found, skipped: %s", raw);
	free(path);
	free(expanded);
	free(raw);
}

/* Pass 1: properties and imports in document order; item groups wait. */
static void process_children(struct msbuild *mb, xmlNodePtr parent, int depth)
{
	for (xmlNodePtr n = parent->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (msbuild_named(n, "ItemGroup") || msbuild_named(n, "ItemDefinitionGroup")) {
			GROW(mb->later, mb->later_cap, mb->nlater + 1);
			mb->later[mb->nlater++] = (struct deferred){ n, (char *)mb->this_dir };
			continue;
		}
		if (!msbuild_holds(mb, n, NULL))
			continue;
		if (msbuild_named(n, "PropertyGroup")) {
			for (xmlNodePtr c = n->children; c; c = c->next)
				if (c->type == XML_ELEMENT_NODE && msbuild_holds(mb, c, NULL))
					set_property(mb, c);
		} else if (msbuild_named(n, "Import")) {
			import(mb, n, depth);
		} else if (msbuild_named(n, "ImportGroup")) {
			for (xmlNodePtr c = n->children; c; c = c->next)
				if (msbuild_named(c, "Import") && msbuild_holds(mb, c, NULL))
					import(mb, c, depth);
		} else if (msbuild_named(n, "Choose")) {
			/* The first When that holds, else Otherwise. */
			for (xmlNodePtr c = n->children; c; c = c->next) {
				if ((msbuild_named(c, "When") && msbuild_holds(mb, c, NULL)) || msbuild_named(c, "Otherwise")) {
					process_children(mb, c, depth);
					break;
				}
			}
		}
	}
}

static char *fact(struct msbuild *mb, const char *name)
{
	const char *v = msbuild_props_get(&mb->props, name);
	return v && v[0] ? alloc_strdup(v) : NULL;
}

static void take_facts(struct msbuild *mb, struct driver_facts *f)
{
	f->driver_type = fact(mb, "DriverType");
	f->configuration_type = fact(mb, "ConfigurationType");
	f->target_version = fact(mb, "TargetVersion");
	const char *major = msbuild_props_get(&mb->props, "KMDF_VERSION_MAJOR");
	const char *minor = msbuild_props_get(&mb->props, "KMDF_VERSION_MINOR");
	if (major && major[0])
		f->kmdf_version = minor && minor[0] ? alloc_printf("%s.%s", major, minor) : alloc_strdup(major);
	major = msbuild_props_get(&mb->props, "UMDF_VERSION_MAJOR");
	minor = msbuild_props_get(&mb->props, "UMDF_VERSION_MINOR");
	if (major && major[0])
		f->umdf_version = minor && minor[0] ? alloc_printf("%s.%s", major, minor) : alloc_strdup(major);
	const char *entry = msbuild_props_get(&mb->link, "EntryPointSymbol");
	f->entry_point = entry ? project_entry_symbol(entry) : NULL;
	/* WPP: the trace header the WPP preprocessor scans for the project's
	 * trace functions (ClCompile metadata, as the WDK's targets read it). */
	const char *wpp = msbuild_props_get(&mb->definition, "WppEnabled");
	char *scan = NULL;
	if (wpp && !strcasecmp(wpp, "true") && msbuild_trimmed_meta(&mb->definition, "WppScanConfigurationData", &scan))
		f->wpp_scan = project_resolve_path(scan, mb->project_dir, mb->dirs);
	free(scan);
	/* And the trace functions it names itself (WppTraceFunction). */
	if (wpp && !strcasecmp(wpp, "true")) {
		const char *funcs = msbuild_props_get(&mb->definition, "WppTraceFunction");
		f->wpp_trace_function = funcs ? alloc_strdup(funcs) : NULL;
	}
}

static bool has_directory_build_props(const char *dir)
{
	char *p = project_resolve_path("Directory.Build.props", dir, NULL);
	bool ok = path_is_regular_file(p);
	free(p);
	return ok;
}

static bool has_solution(const char *dir)
{
	glob_t g;
	char *pattern = path_join(dir, "*.[sS][lL][nN]");
	bool ok = glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc > 0;
	globfree(&g);
	free(pattern);
	return ok;
}

/* The nearest directory at or above `dir` that `match` accepts, as "DIR/",
 * or NULL. */
static char *find_upward(const char *dir, bool (*match)(const char *dir))
{
	char *d = alloc_strdup(dir);
	for (int up = 0; up < 64; up++) {
		if (match(d)) {
			char *r = alloc_printf("%s%s", d, strcmp(d, "/") ? "/" : "");
			free(d);
			return r;
		}
		char *parent = path_dirname(d);
		bool top = !strcmp(parent, d);
		free(d);
		d = parent;
		if (top)
			break;
	}
	free(d);
	return NULL;
}

static void set_global(struct msbuild *mb, const char *name, const char *value)
{
	msbuild_props_set(&mb->props, name, value);
	strvec_push(&mb->globals, name);
}

/* The properties MSBuild and the C++ targets define before the project. */
static void define_reserved(struct msbuild *mb, const char *path, const char *config,
			    const char *platform)
{
	set_global(mb, "Configuration", config);
	set_global(mb, "Platform", platform);
	char *with_slash = alloc_printf("%s/", mb->project_dir);
	const char *base = path_basename(path);
	char *name = alloc_strndup(base, strcspn(base, "."));
	set_global(mb, "ProjectDir", with_slash);
	set_global(mb, "MSBuildProjectDirectory", mb->project_dir);
	set_global(mb, "MSBuildProjectFullPath", path);
	set_global(mb, "MSBuildProjectFile", base);
	set_global(mb, "MSBuildProjectName", name);
	msbuild_props_set(&mb->props, "ProjectName", name);
	msbuild_props_set(&mb->props, "TargetName", name);
	msbuild_props_set(&mb->props, "ConfigurationName", config);
	msbuild_props_set(&mb->props, "PlatformName", platform);
	char *solution = find_upward(mb->project_dir, has_solution);
	msbuild_props_set(&mb->props, "SolutionDir", solution ? solution : with_slash);
	free(solution);
	free(name);
	free(with_slash);
}

struct configurations {
	struct strvec *listed;
	struct strindex seen;   /* `listed` again, for a lookup without a scan */
};

static void add_configuration(void *data, const char *item)
{
	struct configurations *cs = data;
	size_t known = cs->seen.len;
	if (strchr(item, '|') && (size_t)strindex_add(&cs->seen, item) >= known)
		strvec_push(cs->listed, item);
}

/* The ProjectConfiguration items: the configurations the project has. */
static void list_configurations(struct msbuild *mb, struct strvec *listed)
{
	struct configurations cs = { listed, STRINDEX_INIT };
	for (size_t i = 0; i < listed->len; i++)
		strindex_add(&cs.seen, listed->items[i]);
	for (size_t i = 0; i < mb->nlater; i++) {
		xmlNodePtr g = mb->later[i].node;
		if (!msbuild_named(g, "ItemGroup"))
			continue;
		for (xmlNodePtr c = g->children; c; c = c->next) {
			char *raw = msbuild_named(c, "ProjectConfiguration") ? msbuild_attribute(c, "Include") : NULL;
			if (!raw)
				continue;
			char *include = msbuild_expand_noted(mb, raw, NULL, "a ProjectConfiguration's Include");
			msbuild_list_each(include, add_configuration, &cs);
			free(include);
			free(raw);
		}
	}
	strindex_clear(&cs.seen);
}

static void msbuild_release(struct msbuild *mb)
{
	msbuild_props_clear(&mb->props);
	msbuild_props_clear(&mb->definition);
	msbuild_props_clear(&mb->link);
	msbuild_props_clear(&mb->message);
	strvec_clear(&mb->globals);
	strvec_clear(&mb->loaded);
	strindex_clear(&mb->ids);
	strvec_clear(&mb->chain);
	for (size_t i = 0; i < mb->ndocs; i++)
		xmlFreeDoc(mb->docs[i]);
	free(mb->docs);
	free(mb->later);
	free(mb->project_dir);
	free(mb->cwd);
	project_dircache_free(mb->dirs);
}

/* One evaluation for `config` and `platform`; `listed` receives the
 * configurations the project declares ("Release|x64"). */
static int evaluate(const char *path, const struct project_options *opts, const char *config,
		    const char *platform, struct project *out, struct strvec *listed,
		    struct problems *problems)
{
	memset(out, 0, sizeof(*out));
	out->path = alloc_strdup(path);
	out->kind = "msbuild";
	out->facts.project = alloc_strdup(path);
	out->configuration = alloc_printf("%s|%s", config, platform);
	struct msbuild mb = { .opts = opts, .out = out, .problems = problems };
	mb.dirs = project_dircache_new();
	mb.cwd = path_current_directory();
	mb.project_dir = path_dirname(path);
	xmlInitParser();
	xmlDocPtr doc = read_document(&mb, path, false);
	if (!doc) {
		msbuild_release(&mb);
		return -1;
	}
	define_reserved(&mb, path, config, platform);
	/* Microsoft.Common.props imports the nearest Directory.Build.props first. */
	char *props_dir = find_upward(mb.project_dir, has_directory_build_props);
	char *id = path_identity(path);
	if (id)
		strindex_add(&mb.ids, id);
	free(id);
	strvec_push(&mb.chain, path);
	mb.this_file = mb.chain.items[0];
	if (props_dir) {
		char *props = project_resolve_path("Directory.Build.props", props_dir, mb.dirs);
		if (project_inside_tree(opts, path, props, "Directory.Build.props", props, problems))
			import_file(&mb, props, 1);
		free(props);
		free(props_dir);
	}
	char *this_dir = alloc_printf("%s/", mb.project_dir);
	strvec_push(&mb.loaded, this_dir);
	mb.this_dir = mb.loaded.items[mb.loaded.len - 1];
	free(this_dir);
	GROW(mb.docs, mb.docs_cap, mb.ndocs + 1);
	mb.docs[mb.ndocs++] = doc;
	process_children(&mb, xmlDocGetRootElement(doc), 0);
	list_configurations(&mb, listed);
	msbuild_evaluate_definitions(&mb);
	msbuild_evaluate_items(&mb);
	take_facts(&mb, &out->facts);
	msbuild_release(&mb);
	return 0;
}

int msbuild_load(const char *path, const struct project_options *opts, struct project *out,
		 struct problems *problems)
{
	const char *config = opts->configuration ? opts->configuration : "Release";
	const char *platform = opts->platform ? opts->platform : "x64";
	struct strvec listed = STRVEC_INIT;
	struct problems first = { 0 };
	int rc = evaluate(path, opts, config, platform, out, &listed, &first);
	const char *chosen = rc == 0 ? msbuild_config_choose(&listed, config, platform) : NULL;
	if (chosen) {
		/* As Visual Studio would: a configuration the project has. */
		char *c = alloc_strdup(chosen);
		char *bar = strchr(c, '|');
		*bar = '\0';
		project_release(out);
		struct strvec ignored = STRVEC_INIT;
		rc = evaluate(path, opts, c, bar + 1, out, &ignored, problems);
		strvec_clear(&ignored);
		free(c);
	} else {
		for (size_t i = 0; i < first.len; i++) {
			const struct problem *p = &first.items[i];
			problems_add(problems, p->level, p->file, p->line, p->column, "%s", p->message);
		}
	}
	problems_clear(&first);
	strvec_clear(&listed);
	return rc;
}
