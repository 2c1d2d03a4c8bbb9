/* SPDX-License-Identifier: Apache-2.0 */
/* Looking a kind up in the table the rule set was given. */
#include "rules/kind.h"

#include <string.h>

static const char *const common_placeholders[] = { "function", "line", "file" };

const struct kind *kind_table_find(const struct kind_table *table, const char *name)
{
	for (size_t i = 0; name && i < table->len; i++)
		if (!strcmp(table->items[i]->name, name))
			return table->items[i];
	return NULL;
}

bool kind_provides(const struct kind *kind, const char *placeholder)
{
	for (size_t i = 0; i < sizeof(common_placeholders) / sizeof(*common_placeholders); i++)
		if (!strcmp(common_placeholders[i], placeholder))
			return true;
	for (size_t i = 0; kind->placeholders[i]; i++)
		if (!strcmp(kind->placeholders[i], placeholder))
			return true;
	return false;
}
