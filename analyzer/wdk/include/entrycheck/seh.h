/* SPDX-License-Identifier: Apache-2.0 */
/* What the kit's warning.h gives C code in a kernel-mode build (the WDK's
 * build force-includes it): try, except, finally and leave spell the
 * structured exception handling keywords, so file systems write
 * `try { ... } finally { ... }` in C. C++ keeps its own try. */
#ifndef ENTRYCHECK_SEH_H
#define ENTRYCHECK_SEH_H
#ifndef __cplusplus
#define try __try
#define except __except
#define finally __finally
#define leave __leave
#endif
#endif
