/* SPDX-License-Identifier: Apache-2.0 */
/* Finding DriverEntry and summarizing every function a file defines: what it
 * calls and which driver-object entry points it stores. These per-file facts
 * outlive the translation unit, so helpers in other files can be followed. */
#ifndef ENTRYCHECK_ENTRY_H
#define ENTRYCHECK_ENTRY_H

#include <stdbool.h>

#include "cfg/cfg.h"
#include "base/strvec.h"
#include "front/wdkmodel.h"

struct parsed_unit;

struct function_facts {
	char *name;
	char *file;                   /* absolute: a source file the unit's main file includes, or a
				       * header of the driver's own (in_header), or NULL for the main
				       * file itself */
	bool in_header;               /* defined in a header of the driver's own and called by the
				       * unit's functions (a static inline helper) */
	unsigned line, column;        /* of the name in the definition */
	bool is_static;
	bool is_driver_entry;
	struct strvec callees;        /* names of called functions, first call first, unique */
	struct strvec referenced;     /* functions named as values (an unload routine stored, a
				       * callback registered): the system calls them, unique */
	bool writes_dispatch;         /* MajorFunction[], DriverExtension->AddDevice, DriverUnload, DriverStartIo */
	bool fills_dispatch_table;    /* a loop stores into every MajorFunction slot */
	bool analyzable;              /* no parse error dropped anything inside the definition */
	unsigned diagnostics;         /* clang warnings and errors inside the definition */
	char *first_error;            /* the first such error, "line:col: message", or NULL */
	bool unformed;                /* found in the text only: clang never formed the definition */
	struct strvec assumed;        /* synthesized declarations used inside: "NAME (what)" */
	bool c_linkage;               /* C linkage (always in C; extern "C" in C++) */
	char *scope;                  /* a method's class, or NULL (cfg_call.scope) */
	char *section;                /* the code section it is placed in ("INIT", "PAGE"), or NULL
				       * for the default (facts/sections.h) */
	struct cfg *cfg;              /* its control-flow graph and events */
};

/* A declaration of a function in the file or in a header of the driver's own
 * (not the WDK's): what rules need of how it was declared. */
struct decl_facts {
	char *name;
	struct strvec specifiers;     /* identifiers before the name: role types, SAL, types
				       * (not the arguments of _Function_class_) */
	struct strvec dispatch_types; /* IRP_MJ_* named by _Dispatch_type_ or __drv_dispatchType */
	struct strvec function_classes; /* named by _Function_class_ or __drv_functionClass */
	char *macro;                  /* the macro whose expansion wrote the name
				       * (DECLARE_DISPATCH(Create)): its annotations are
				       * not in the file's tokens; NULL when written out */
};

/* A file-scope variable with an initializer list, field by field, or a
 * scalar's value at load time; defined in the unit's file or in a header of
 * the driver's own it includes (a FLT_REGISTRATION in "filter.h"). */
struct global_facts {
	char *name;
	char *header;                 /* the header that defines it (absolute); NULL: the unit's file */
	struct cfg_loc loc;           /* loc.file borrows header, or else unit_facts.path */
	bool is_static;               /* internal linkage: no other file's name for it */
	struct strvec fields;         /* field names, in order; an array's "[0]", "[1]", ... */
	struct strvec values;         /* the initializer of each, as written without spaces */
	bool scalar;                  /* an integer, enum or pointer whose value at load time is
				       * `value`: its constant initializer, or 0 for none */
	long long value;
};

struct unit_facts {
	char *path;                   /* absolute */
	char *display;
	char *dir;                    /* absolute directory of the file */
	const char *scope;            /* the driver's folder (run/scope.h), borrowed from the
				       * input and never kept by the cache; NULL: the whole run */
	const struct strvec *projects; /* the build files that compile it (.vcxproj, sources),
				       * borrowed like scope; NULL: none */
	enum flavour flavour;
	struct strvec includes;       /* lower-case base names, as include_scan found them */
	bool cplusplus;
	/* Why declarations may be missing: headers read as empty, names whose
	 * synthesized declarations could stand in one (types, attribute-like
	 * macros; not the constants and routines a kit header we model only in
	 * part lacks). Rules that judge a declaration say they could not,
	 * instead of reporting its absence. */
	struct strvec missing_headers;
	struct strvec assumed_names;
	struct function_facts *functions;
	size_t nfunctions, cap;
	struct decl_facts *decls;
	size_t ndecls, decls_cap;
	struct global_facts *globals;
	size_t nglobals, globals_cap;
	/* Fields of the unit's classes and structures declared with a value
	 * other than 0 (a C++ default member initializer, `bool m_On = true;`):
	 * such a flag is set before any code runs. */
	struct strvec set_fields;
	/* File-scope structures defined without an initializer (plain data in
	 * C++): every member is 0 when the driver is loaded. */
	struct strvec zeroed;
	/* A hash of the facts as the result cache keeps them, 0 when they were not
	 * kept: what an evaluation read of this unit (run/evalcache.c). */
	unsigned long long facts_hash;
};

/* The initializer text of `field` in the initializer list of `g`, or NULL
 * (facts/decls.c, which reads the lists). */
const char *decls_field_initializer(const struct global_facts *g, const char *field);

/* Summarizes every function defined in the unit's main file, in source order;
 * DriverEntry and the functions named in `entry_names` (may be NULL) are entry
 * points. Release with unit_facts_release. */
void entry_collect(const struct parsed_unit *u, const struct strvec *entry_names, struct unit_facts *out);
/* Lists an entry point the text defines but clang could not form (parse
 * errors swallowed it): not analyzable, with `why` as its first error. */
void unit_facts_add_unformed(struct unit_facts *u, const char *name, unsigned line, unsigned column,
			     const char *why);
void unit_facts_release(struct unit_facts *facts);

#endif
