/* SPDX-License-Identifier: Apache-2.0 */
/* Every small utility of base/ at once, for files not yet switched to the
 * one header they use: checked allocation (alloc.h), growable strings
 * (strbuf.h), string vectors (strvec.h), hash tables (map.h), paths and the
 * file system (path.h), hashes (hash.h), string helpers (str.h) and UTF-8
 * (utf8.h). New code includes the specific header. */
#ifndef ENTRYCHECK_UTIL_H
#define ENTRYCHECK_UTIL_H

#include "base/alloc.h"
#include "base/hash.h"
#include "base/map.h"
#include "base/path.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "base/utf8.h"

/* Callers reach for these through the umbrella too. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#endif
