/* SPDX-License-Identifier: Apache-2.0 */
#include "json/load.h"

#include "base/problems.h"
#include "base/source.h"

int json_load_file(const char *path, const char *shown, const char *what, size_t max_bytes,
		   struct json_doc *doc, struct problems *problems)
{
	if (!shown)
		shown = path;
	struct source src;
	const char *sys_error = NULL;
	enum source_status st = source_load(path, max_bytes, &src, &sys_error);
	if (st != SOURCE_OK) {
		problems_add(problems, PROBLEM_ERROR, shown, 0, 0, "cannot read %s: %s", what,
			     sys_error ? sys_error : source_status_text(st));
		return -1;
	}
	struct json_error err;
	int rc = json_doc_parse(src.text, src.len, doc, &err);
	source_release(&src);
	if (rc != 0)
		problems_add(problems, PROBLEM_ERROR, shown, err.line, err.column, "invalid JSON in %s: %s",
			     what, err.message);
	return rc;
}
