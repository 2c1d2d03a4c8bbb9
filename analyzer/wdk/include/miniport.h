/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's overlay of <miniport.h>.  mingw-w64's miniport.h redefines
 * INTERFACE_TYPE, KINTERRUPT_MODE, DMA_WIDTH, ... which wdm.h already has, so
 * it cannot follow <ntddk.h>.  This wrapper includes <ntddk.h> and reads
 * mingw's header with its own __BROKEN__ switch set, which skips exactly that
 * duplicated block; the emulator-access declarations remain. */
#ifndef ENTRYCHECK_MINIPORT_H
#define ENTRYCHECK_MINIPORT_H
#include <ntddk.h>
#ifndef __BROKEN__
#define __BROKEN__ 1
#define ENTRYCHECK_UNDEF_BROKEN 1
#endif
#include_next <miniport.h>
#ifdef ENTRYCHECK_UNDEF_BROKEN
#undef __BROKEN__
#undef ENTRYCHECK_UNDEF_BROKEN
#endif
#endif
