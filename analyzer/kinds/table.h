/* SPDX-License-Identifier: Apache-2.0 */
/* The one table of rule kinds: every kind the program implements, each
 * registered once with its name, placeholders, params compiler and
 * callbacks. run/ hands it to the rule loader. */
#ifndef ENTRYCHECK_KINDS_TABLE_H
#define ENTRYCHECK_KINDS_TABLE_H

#include "rules/kind.h"

extern const struct kind_table kind_table;

#endif
