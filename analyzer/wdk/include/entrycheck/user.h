/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's user-mode prelude for UMDF 2 drivers: <windows.h>, the UMDF
 * mode of entrycheck's <wdf.h> and the WPP model.  entrycheck precompiles it
 * once per run and uses it for every user-mode file. */
#ifndef ENTRYCHECK_USER_PRELUDE_H
#define ENTRYCHECK_USER_PRELUDE_H

#include <windows.h>
#include <wdf.h>            /* UMDF mode */
#include <entrycheck/wpp.h>
#include <entrycheck/msvc.h>

#endif /* ENTRYCHECK_USER_PRELUDE_H */
