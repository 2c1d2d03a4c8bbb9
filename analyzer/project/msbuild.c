/* SPDX-License-Identifier: Apache-2.0 */
/* Evaluating a .vcxproj as MSBuild would, for what the preprocessor sees:
 * properties (pass 1, following Imports in the tree and Directory.Build.props),
 * ClCompile item definitions and the Link entry point (pass 2) and ClCompile
 * items (pass 3), with Conditions on properties. It does not run targets,
 * property functions or item transforms: those expand to nothing. MessageCompile
 * items name the ETW manifests whose headers mc.exe generates. XML is read
 * by libxml2, with the network and entity expansion off. */
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
#include "project/msbuild.h"
#include "project/msconfig.h"

/* An ItemGroup or ItemDefinitionGroup met in pass 1, evaluated later with
 * the final properties, as MSBuild does. */
struct deferred {
	xmlNodePtr node;
	char *dir;          /* $(MSBuildThisFileDirectory) of its file */
};

struct msbuild {
	const struct project_options *opts;
	struct props props;
	struct strvec globals;     /* properties the project cannot change */
	char *project_dir;
	const char *this_dir;
	const char *this_file;     /* the file being evaluated, for messages */
	struct strvec loaded;      /* directories of files evaluated, owned here */
	struct strindex ids;       /* identities of the files evaluated: each once */
	struct strvec chain;       /* the files being evaluated, outermost first */
	xmlDocPtr *docs;
	size_t ndocs, docs_cap;
	struct deferred *later;
	size_t nlater, later_cap;
	struct props definition;   /* ClCompile item definition metadata */
	struct props link;         /* Link item definition metadata */
	struct props message;      /* MessageCompile item definition metadata */
	struct project *out;
	char *cwd;
	struct problems *problems;
};

static void note(struct msbuild *mb, const char *file, const char *fmt, const char *what)
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

/* The expansion of `text`, or "" with an error naming the project and `what`
 * (a property, metadata or an attribute) when it is too long; a property
 * function left empty is a note naming them. */
static char *expand(struct msbuild *mb, const char *text, const struct props *meta, const char *what)
{
	char *unsupported = NULL;
	struct msbuild_scope scope = { lookup_property, mb, meta, mb->this_dir, &unsupported };
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

static char *attribute(xmlNodePtr n, const char *name)
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

static char *text_of(xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s = alloc_strdup(v ? (const char *)v : "");
	xmlFree(v);
	return s;
}

static bool named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

/* True when the node has no Condition or its Condition holds. */
static bool holds(struct msbuild *mb, xmlNodePtr n, const struct props *meta)
{
	char *cond = attribute(n, "Condition");
	if (!cond)
		return true;
	struct msbuild_scope scope = { lookup_property, mb, meta, mb->this_dir, NULL };
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
	char *raw = text_of(n);
	char *what = alloc_printf("property '%s'", name);
	char *value = expand(mb, raw, NULL, what);
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
	if (!root || !named(root, "Project")) {
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
	char *raw = attribute(n, "Project");
	if (!raw)
		return;
	char *expanded = expand(mb, raw, NULL, "an Import's Project");
	char *path = project_resolve_path(expanded, mb->this_dir);
	if (strpbrk(path, "*?"))
		note(mb, path, "import with wildcards not evaluated: %s", raw);
	else if (path_is_regular_file(path)) {
		if (project_inside_tree(mb->opts, mb->out->path, path, "import", raw, mb->problems))
			import_file(mb, path, depth);
	}
	else
		note(mb, mb->out->path, "import not found, skipped: %s", raw);
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
		if (named(n, "ItemGroup") || named(n, "ItemDefinitionGroup")) {
			GROW(mb->later, mb->later_cap, mb->nlater + 1);
			mb->later[mb->nlater++] = (struct deferred){ n, (char *)mb->this_dir };
			continue;
		}
		if (!holds(mb, n, NULL))
			continue;
		if (named(n, "PropertyGroup")) {
			for (xmlNodePtr c = n->children; c; c = c->next)
				if (c->type == XML_ELEMENT_NODE && holds(mb, c, NULL))
					set_property(mb, c);
		} else if (named(n, "Import")) {
			import(mb, n, depth);
		} else if (named(n, "ImportGroup")) {
			for (xmlNodePtr c = n->children; c; c = c->next)
				if (named(c, "Import") && holds(mb, c, NULL))
					import(mb, c, depth);
		} else if (named(n, "Choose")) {
			/* The first When that holds, else Otherwise. */
			for (xmlNodePtr c = n->children; c; c = c->next) {
				if ((named(c, "When") && holds(mb, c, NULL)) || named(c, "Otherwise")) {
					process_children(mb, c, depth);
					break;
				}
			}
		}
	}
}

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
		char *value = expand(mb, v ? (const char *)v : "", meta, what);
		free(what);
		msbuild_props_set(meta, (const char *)a->name, value);
		free(value);
		xmlFree(v);
	}
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !holds(mb, c, meta))
			continue;
		char *raw = text_of(c);
		char *what = alloc_printf("metadata '%s'", (const char *)c->name);
		char *value = expand(mb, raw, meta, what);
		free(what);
		msbuild_props_set(meta, (const char *)c->name, value);
		free(value);
		free(raw);
	}
}

/* Pass 2: ClCompile item definitions, Link's for the entry point and
 * MessageCompile's for the headers mc.exe generates. */
static void evaluate_definitions(struct msbuild *mb)
{
	for (size_t i = 0; i < mb->nlater; i++) {
		xmlNodePtr g = mb->later[i].node;
		mb->this_dir = mb->later[i].dir;
		if (!named(g, "ItemDefinitionGroup") || !holds(mb, g, NULL))
			continue;
		for (xmlNodePtr c = g->children; c; c = c->next)
			if (named(c, "ClCompile") && holds(mb, c, NULL))
				apply_metadata(mb, c, &mb->definition);
			else if (named(c, "Link") && holds(mb, c, NULL))
				apply_metadata(mb, c, &mb->link);
			else if (named(c, "MessageCompile") && holds(mb, c, NULL))
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
		note(fb->mb, fb->mb->out->path, "include directory empty once expanded, skipped: %s",
		     dir);
		return;
	}
	char *abs = project_resolve_path(dir, fb->mb->project_dir);
	if (!path_is_directory(abs)) {
		/* $(IntDir), $(OutDir) and kit directories: generated or elsewhere. */
		note(fb->mb, fb->mb->out->path, "include directory not in the tree, skipped: %s", dir);
	} else if (!strvec_contains(fb->args, abs)) {
		strvec_push(fb->args, "-I");
		strvec_push(fb->args, abs);
	}
	free(abs);
}

static void add_forced_include(void *data, const char *file)
{
	struct flag_builder *fb = data;
	char *abs = project_resolve_path(file, fb->mb->project_dir);
	if (!path_is_regular_file(abs)) {
		note(fb->mb, fb->mb->out->path, "forced include not in the tree, skipped: %s", file);
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

static void item_flags(struct msbuild *mb, const struct props *meta, struct strvec *args)
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

static void remove_file(struct project *p, const char *path)
{
	for (size_t i = 0; i < p->nfiles; i++) {
		if (strcmp(p->files[i].path, path))
			continue;
		free(p->files[i].path);
		strvec_clear(&p->files[i].args);
		p->files[i] = p->files[--p->nfiles];
		return;
	}
}

struct item_context {
	struct msbuild *mb;
	const struct props *meta;
	bool excluded;
};

static void add_item_path(struct item_context *ic, const char *path)
{
	if (ic->excluded) {
		remove_file(ic->mb->out, path);
		return;
	}
	struct project_file *f = project_add_file(ic->mb->out, path);
	strvec_clear(&f->args);
	item_flags(ic->mb, ic->meta, &f->args);
}

static void add_item(void *data, const char *include)
{
	struct item_context *ic = data;
	char *path = project_resolve_path(include, ic->mb->project_dir);
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
	free(path);
}

/* The metadata's value without surrounding space, as a new string, or NULL
 * when it is not set or empty. */
static const char *trimmed_meta(const struct props *meta, const char *name, char **owned)
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
static void add_manifest(void *data, const char *include)
{
	struct item_context *ic = data;
	if (ic->excluded)
		return;
	char *base = NULL, *ext = NULL;
	trimmed_meta(ic->meta, "GeneratedFilesBaseName", &base);
	trimmed_meta(ic->meta, "HeaderExtension", &ext);
	char *path = project_resolve_path(include, ic->mb->project_dir);
	const char *file = path_basename(path);
	const char *dot = strrchr(file, '.');
	char *stem = base ? alloc_strdup(base) : alloc_strndup(file, dot && dot > file ? (size_t)(dot - file) : strlen(file));
	struct driver_facts *f = &ic->mb->out->facts;
	strvec_push(&f->etw_manifests, path);
	strvec_pushf(&f->etw_headers, "%s.%s", stem, ext ? ext + (ext[0] == '.') : "h");
	free(stem);
	free(path);
	free(base);
	free(ext);
}

struct item_element {
	struct msbuild *mb;
	xmlNodePtr node;
	const struct props *defaults;
	void (*each)(void *, const char *);
};

/* One element of an item: its kind's definitions, its well-known metadata,
 * then the item's own metadata, which may name either. */
static void evaluate_element(void *data, const char *element)
{
	struct item_element *ie = data;
	struct props meta = { 0 };
	msbuild_props_copy(&meta, ie->defaults);
	char *path = project_resolve_path(element, ie->mb->project_dir);
	msbuild_props_set_well_known(&meta, element, path);
	free(path);
	apply_metadata(ie->mb, ie->node, &meta);
	const char *excluded = msbuild_props_get(&meta, "ExcludedFromBuild");
	struct item_context ic = { ie->mb, &meta, excluded && !strcasecmp(excluded, "true") };
	ie->each(&ic, element);
	msbuild_props_clear(&meta);
}

/* One item; `each` takes every element of its Include. */
static void evaluate_item(struct msbuild *mb, xmlNodePtr c, const struct props *defaults,
			  void (*each)(void *, const char *))
{
	char *raw = attribute(c, "Include");
	if (!raw)
		return;
	char *include = expand(mb, raw, NULL, "an item's Include");
	struct item_element ie = { mb, c, defaults, each };
	msbuild_list_each(include, evaluate_element, &ie);
	free(include);
	free(raw);
}

/* Pass 3: ClCompile and MessageCompile items. */
static void evaluate_items(struct msbuild *mb)
{
	for (size_t i = 0; i < mb->nlater; i++) {
		xmlNodePtr g = mb->later[i].node;
		mb->this_dir = mb->later[i].dir;
		if (!named(g, "ItemGroup") || !holds(mb, g, NULL))
			continue;
		for (xmlNodePtr c = g->children; c; c = c->next) {
			if (named(c, "MessageCompile") && holds(mb, c, NULL))
				evaluate_item(mb, c, &mb->message, add_manifest);
			else if (named(c, "ClCompile") && holds(mb, c, NULL))
				evaluate_item(mb, c, &mb->definition, add_item);
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
	if (wpp && !strcasecmp(wpp, "true") && trimmed_meta(&mb->definition, "WppScanConfigurationData", &scan))
		f->wpp_scan = project_resolve_path(scan, mb->project_dir);
	free(scan);
	/* And the trace functions it names itself (WppTraceFunction). */
	if (wpp && !strcasecmp(wpp, "true")) {
		const char *funcs = msbuild_props_get(&mb->definition, "WppTraceFunction");
		f->wpp_trace_function = funcs ? alloc_strdup(funcs) : NULL;
	}
}

static bool has_directory_build_props(const char *dir)
{
	char *p = project_resolve_path("Directory.Build.props", dir);
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

static void add_configuration(void *data, const char *item)
{
	struct strvec *listed = data;
	if (strchr(item, '|') && !strvec_contains(listed, item))
		strvec_push(listed, item);
}

/* The ProjectConfiguration items: the configurations the project has. */
static void list_configurations(struct msbuild *mb, struct strvec *listed)
{
	for (size_t i = 0; i < mb->nlater; i++) {
		xmlNodePtr g = mb->later[i].node;
		if (!named(g, "ItemGroup"))
			continue;
		for (xmlNodePtr c = g->children; c; c = c->next) {
			char *raw = named(c, "ProjectConfiguration") ? attribute(c, "Include") : NULL;
			if (!raw)
				continue;
			char *include = expand(mb, raw, NULL, "a ProjectConfiguration's Include");
			msbuild_list_each(include, add_configuration, listed);
			free(include);
			free(raw);
		}
	}
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
		char *props = project_resolve_path("Directory.Build.props", props_dir);
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
	evaluate_definitions(&mb);
	evaluate_items(&mb);
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
