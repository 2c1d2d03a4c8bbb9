/* SPDX-License-Identifier: Apache-2.0 */
/* Which folder is each input's driver. A driver is what one build makes; a
 * run that starts above many of them must see each as a run on its own folder
 * would. An input's folder is its directory, widened upwards while that takes
 * in no second file naming an entry point, and never above the run's path
 * that holds it: a driver's src/ and lib/ are one driver, two sibling drivers
 * are two, and the kit-like folders beside them belong to neither. Helpers
 * (facts/program.h) are looked for in that folder, then in such library
 * folders; the headers standing in for missing includes (front/headers.h)
 * in that folder only. */
#ifndef ENTRYCHECK_SCOPE_H
#define ENTRYCHECK_SCOPE_H

#include <stdbool.h>

#include "base/strvec.h"
#include "project/inputs.h"

/* Sets each input's scope. `roots`: the run's directories (absolute);
 * `names_entry`: per input, whether its text names an entry point. */
void scope_assign(struct input_set *inputs, const struct strvec *roots, const bool *names_entry);

#endif
