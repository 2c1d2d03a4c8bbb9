/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's overlay of <hidclass.h>. mingw-w64 has two: ddk/hidclass.h,
 * found first, declares the kernel-mode interfaces with wdm.h's
 * PINTERFACE_REFERENCE, which user mode (a UMDF HID driver) lacks; and
 * include/hidclass.h, the user-mode one, which "../hidclass.h" names from
 * mingw-w64's ddk directory. Each mode reads its own. */
#ifndef ENTRYCHECK_HIDCLASS_H
#define ENTRYCHECK_HIDCLASS_H
#ifdef _KERNEL_MODE
#include_next <hidclass.h>
#else
#include <../hidclass.h>
#endif
#endif
