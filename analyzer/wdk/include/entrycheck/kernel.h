/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's kernel-mode prelude: every kernel header entrycheck models or
 * repairs, in an order where they coexist (C and C++).  entrycheck
 * precompiles it once per run and uses it for every kernel-mode file.  It is
 * entrycheck's own composition; <initguid.h> is deliberately left out (it
 * turns DEFINE_GUID declarations into definitions), and so is mingw's
 * PCI-IDE <ide.h>, whose global enumerators (ChannelEnabled, ...) collide
 * with names ATA miniports use for their own routines. */
#ifndef ENTRYCHECK_KERNEL_PRELUDE_H
#define ENTRYCHECK_KERNEL_PRELUDE_H

#include <ntifs.h>          /* includes ntddk.h -> wdm.h (overlay) */
#include <entrycheck/ntddk-extra.h>
#include <ntstrsafe.h>
#include <ntintsafe.h>
#include <wdmsec.h>
#include <wdmguid.h>
#include <fltKernel.h>
#include <wdf.h>            /* KMDF mode */
#include <storport.h>       /* before anything that reads srb.h */
#include <srb.h>
#include <miniport.h>
#include <scsi.h>
#include <classpnp.h>
#include <ntdddisk.h>
#include <ntddscsi.h>
#include <ntddstor.h>
#include <ata.h>
#include <irb.h>
#include <ndis.h>
#include <entrycheck/wpp.h>
#include <entrycheck/msvc.h>
#include <entrycheck/seh.h>

/* mingw's intrin.h reads stdlib.h, so its __min/__max macros would reach
 * every kernel file; a kernel build sees them only from a stdlib.h of its
 * own, and drivers define routines of those names. Undefined, a driver's
 * use of the macros still parses (as a call of an assumed function). */
#undef __min
#undef __max

#endif /* ENTRYCHECK_KERNEL_PRELUDE_H */
