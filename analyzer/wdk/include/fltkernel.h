/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck: lower-case spelling of <fltKernel.h> for case-sensitive file systems. */
#include <fltKernel.h>
