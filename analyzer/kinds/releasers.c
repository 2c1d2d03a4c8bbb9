/* SPDX-License-Identifier: Apache-2.0 */
/* Calls that release memory, compiled from a rule (kinds/releasers.h). */
#include "kinds/releasers.h"

#include <stdlib.h>
#include <string.h>

#include "kinds/shared.h"
#include "base/alloc.h"

void releasers_compile(struct releaser_list *out, const cJSON *releases)
{
	const cJSON *k;
	cJSON_ArrayForEach(k, releases) {
		out->items = alloc_resize(out->items, (out->n + 1) * sizeof(*out->items));
		struct releaser *e = &out->items[out->n++];
		memset(e, 0, sizeof(*e));
		kinds_names_compile(&e->calls, cJSON_GetObjectItemCaseSensitive(k, "calls"));
		e->arg = kinds_param_int(k, "arg", 1);
		e->extension = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(k, "extension"));
		kinds_names_compile(&e->kept_by, cJSON_GetObjectItemCaseSensitive(k, "kept_by"));
	}
}

void releasers_release(struct releaser_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		strvec_clear(&list->items[i].calls);
		strvec_clear(&list->items[i].kept_by);
	}
	free(list->items);
	list->items = NULL;
	list->n = 0;
}
