/* SPDX-License-Identifier: Apache-2.0 */
/* Names the driver declares otherwise than the header model (clashes.h). */
#include "front/clashes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strvec.h"
#include "front/cursor.h"
#include "front/synth_parts.h"

/* Whether a note of the diagnostic (clang's "previous definition is here")
 * points into a system header. */
static bool earlier_in_system_header(CXDiagnostic d)
{
	CXDiagnosticSet notes = clang_getChildDiagnostics(d);
	bool found = false;
	for (unsigned i = 0, n = clang_getNumDiagnosticsInSet(notes); i < n && !found; i++) {
		CXDiagnostic note = clang_getDiagnosticInSet(notes, i);
		found = clang_Location_isInSystemHeader(clang_getDiagnosticLocation(note));
		clang_disposeDiagnostic(note);
	}
	return found;
}

int clashes_from_diagnostics(CXTranslationUnit tu, struct strvec *names)
{
	int added = 0;
	for (unsigned i = 0, n = clang_getNumDiagnostics(tu); i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		char *message = cxstring_take(clang_getDiagnosticSpelling(d));
		char *name = strstr(message, "as different kind of symbol")
				     ? synth_quoted_name(message, "redefinition of ")
				     : NULL;
		if (name && !clang_Location_isInSystemHeader(clang_getDiagnosticLocation(d)) &&
		    earlier_in_system_header(d) && !strvec_contains(names, name)) {
			strvec_push(names, name);
			added++;
		}
		free(name);
		free(message);
		clang_disposeDiagnostic(d);
	}
	return added;
}

void clashes_defines(const struct strvec *names, struct strvec *defines)
{
	for (size_t i = 0; i < names->len; i++) {
		char *flag = alloc_printf("-D%s=entrycheck_kit_%s", names->items[i], names->items[i]);
		strvec_push(defines, flag);
		free(flag);
	}
}

int clashes_write(const struct strvec *names, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("/* Names the driver declares otherwise than the header model, restored. */\n", f);
	for (size_t i = 0; i < names->len; i++)
		fprintf(f, "#undef %s\n", names->items[i]);
	return fclose(f) == 0 ? 0 : -1;
}
