/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's overlay of <iprtrmib.h>, the IP Helper's management tables of
 * user mode. mingw-w64's netioapi.h includes it in kernel mode too, and its
 * chain (mprapi.h, ras.h, windows.h; DWORD fields) cannot be read there;
 * netioapi.h's own kernel-mode declarations need none of it. In kernel mode
 * it is left out. */
#ifndef ENTRYCHECK_IPRTRMIB_H
#define ENTRYCHECK_IPRTRMIB_H
#ifndef _KERNEL_MODE
#include_next <iprtrmib.h>
#endif
#endif
