/* SPDX-License-Identifier: Apache-2.0 */
/* An ETW instrumentation manifest and the header model it gives (etw.h). The
 * layout is the documented one ("Writing an Instrumentation Manifest"):
 * instrumentationManifest/instrumentation/events/provider, each provider with
 * its templates/template (the fields an event carries) and events/event. The
 * names are those mc.exe gives with -km: the GUID is named by the provider's
 * symbol, the handle <symbol>Handle, and EventRegister<P>, EventUnregister<P>,
 * EventWrite<E> and EventEnabled<E> follow the provider's and the event's
 * symbols. A provider or event without a symbol gets nothing: the
 * documentation requires the attribute and does not say how mc.exe names one
 * without it. The macro prefix options (-p, -P) are not modelled. XML is read
 * by libxml2 with the network and entity expansion off. */
#include "front/etw.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/path.h"
#include "base/source.h"
#include "base/strbuf.h"

/* An element of the given local name (manifests use a default namespace). */
static bool element(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static xmlNodePtr first_child(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		if (element(c, name))
			return c;
	return NULL;
}

/* The attribute's value as a new string, or NULL. */
static char *attribute(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? alloc_strdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

static bool is_identifier(const char *s)
{
	if (!s || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* "{8-4-4-4-12}" as a GUID initializer; a GUID we cannot read is zero: its
 * value matters to no rule. */
static void guid_initializer(struct strbuf *sb, const char *text)
{
	static const int groups[] = { 8, 4, 4, 4, 12 };
	char hex[33] = { 0 };
	size_t n = 0;
	const char *p = text ? text + (text[0] == '{') : "";
	bool ok = true;
	for (int g = 0; g < 5 && ok; g++) {
		for (int i = 0; i < groups[g] && ok; i++, p++) {
			ok = isxdigit((unsigned char)*p) != 0;
			hex[n++] = *p;
		}
		ok = ok && (g == 4 ? (*p == '}' || *p == '\0') : *p++ == '-');
	}
	if (!ok) {
		strbuf_adds(sb, "{ 0 }");
		return;
	}
	strbuf_addf(sb, "{ 0x%.8s, 0x%.4s, 0x%.4s, {", hex, hex + 8, hex + 12);
	for (int i = 0; i < 8; i++)
		strbuf_addf(sb, "%s 0x%.2s", i ? "," : "", hex + 16 + 2 * i);
	strbuf_adds(sb, " } }");
}

/* How many arguments after the activity an event of template `tid` takes:
 * one per field (data or struct) of the template; 0 without a template. */
static size_t template_fields(xmlNodePtr provider, const char *tid)
{
	size_t fields = 0;
	for (xmlNodePtr t = tid ? first_child(first_child(provider, "templates"), "template") : NULL; t;
	     t = t->next) {
		char *id = element(t, "template") ? attribute(t, "tid") : NULL;
		bool match = id && !strcmp(id, tid);
		free(id);
		if (!match)
			continue;
		for (xmlNodePtr f = t->children; f; f = f->next)
			fields += element(f, "data") || element(f, "struct");
		break;
	}
	return fields;
}

static void write_event(struct etw_model *m, struct strbuf *sb, xmlNodePtr provider, xmlNodePtr event)
{
	char *symbol = attribute(event, "symbol");
	char *tid = attribute(event, "template");
	if (is_identifier(symbol)) {
		size_t fields = template_fields(provider, tid);
		/* Its descriptor, which code hands to EtwWrite itself. */
		strbuf_addf(sb, "ENTRYCHECK_ETW_EXTERN __declspec(selectany) const EVENT_DESCRIPTOR %s = { 0 };\n",
			    symbol);
		strbuf_addf(sb, "#define EventEnabled%s() entrycheck_etw_enabled()\n", symbol);
		strbuf_addf(sb, "#define EventWrite%s(Activity", symbol);
		for (size_t i = 1; i <= fields; i++)
			strbuf_addf(sb, ", Field%zu", i);
		strbuf_adds(sb, ") entrycheck_etw_write(Activity");
		for (size_t i = 1; i <= fields; i++)
			strbuf_addf(sb, ", Field%zu", i);
		strbuf_adds(sb, ")\n");
		m->events++;
	}
	free(symbol);
	free(tid);
}

static void write_provider(struct etw_model *m, struct strbuf *sb, xmlNodePtr provider)
{
	char *symbol = attribute(provider, "symbol");
	if (!is_identifier(symbol)) {
		free(symbol);
		return;
	}
	char *guid = attribute(provider, "guid");
	strbuf_adds(sb, "ENTRYCHECK_ETW_EXTERN __declspec(selectany) const GUID ");
	strbuf_addf(sb, "%s = ", symbol);
	guid_initializer(sb, guid);
	strbuf_addf(sb, ";\nENTRYCHECK_ETW_EXTERN __declspec(selectany) REGHANDLE %sHandle = (REGHANDLE)0;\n", symbol);
	strbuf_addf(sb, "#define EventRegister%s() entrycheck_etw_register(&%s, &%sHandle)\n", symbol, symbol,
		    symbol);
	strbuf_addf(sb, "#define EventUnregister%s() entrycheck_etw_unregister(%sHandle)\n", symbol, symbol);
	for (xmlNodePtr e = first_child(first_child(provider, "events"), "event"); e; e = e->next)
		if (element(e, "event"))
			write_event(m, sb, provider, e);
	strvec_push(&m->providers, symbol);
	free(guid);
	free(symbol);
}

static xmlDocPtr read_manifest(const char *path, char **problem)
{
	struct source src;
	const char *sys_error = NULL;
	enum source_status st = source_load(path, SOURCE_MAX_BYTES, &src, &sys_error);
	if (st != SOURCE_OK) {
		*problem = alloc_printf("cannot read it: %s", sys_error ? sys_error : source_status_text(st));
		return NULL;
	}
	xmlInitParser();
	/* The text is UTF-8 now, whatever the declaration says; no network, no entities. */
	xmlDocPtr doc = xmlReadMemory(src.text, (int)src.len, path, "UTF-8",
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	source_release(&src);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!doc) {
		const xmlError *err = xmlGetLastError();
		*problem = err ? alloc_printf("invalid XML at line %d", err->line) : alloc_strdup("invalid XML");
	} else if (!root || !element(root, "instrumentationManifest")) {
		*problem = alloc_strdup("not an instrumentation manifest: no <instrumentationManifest> element");
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlResetLastError();
	return doc;
}

bool etw_model_read(const char *path, struct etw_model *out, char **problem)
{
	memset(out, 0, sizeof(*out));
	*problem = NULL;
	xmlDocPtr doc = read_manifest(path, problem);
	if (!doc)
		return false;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "/* entrycheck's model of the header mc.exe -km generates from %s */\n", path_basename(path));
	strbuf_adds(&sb, "#pragma once\n#include <entrycheck/etw.h>\n");
	xmlNodePtr events = first_child(first_child(xmlDocGetRootElement(doc), "instrumentation"), "events");
	for (xmlNodePtr p = events ? events->children : NULL; p; p = p->next)
		if (element(p, "provider"))
			write_provider(out, &sb, p);
	xmlFreeDoc(doc);
	if (out->providers.len == 0) {
		*problem = alloc_strdup("it declares no event provider with a symbol");
		strbuf_release(&sb);
		etw_model_release(out);
		return false;
	}
	out->text = strbuf_detach(&sb);
	return true;
}

void etw_model_release(struct etw_model *m)
{
	free(m->text);
	strvec_clear(&m->providers);
	memset(m, 0, sizeof(*m));
}
