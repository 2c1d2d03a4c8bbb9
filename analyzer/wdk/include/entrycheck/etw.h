/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's model of manifest-based ETW, i.e. of what the header mc.exe
 * generates from an instrumentation manifest rests on.  entrycheck writes a
 * stand-in for that header from the project's manifest (front/etw.c): each
 * provider's GUID and registration handle, EventRegister<P>() and
 * EventUnregister<P>() as calls of the kernel's EtwRegister and EtwUnregister
 * (EventRegister and EventUnregister in user mode), and each event's
 * descriptor and its EventWrite<E>() and EventEnabled<E>() as the calls declared here, which read
 * their arguments and change nothing the rules judge.  Written from the
 * documented prototypes of EtwRegister, EtwUnregister and EventRegister. */
#ifndef ENTRYCHECK_ETW_H
#define ENTRYCHECK_ETW_H

#if defined(_WDMDDK_) || defined(_NTDDK_) || defined(_NTIFS_)
#define entrycheck_etw_register(Guid, Handle) EtwRegister((Guid), NULL, NULL, (Handle))
#define entrycheck_etw_unregister(Handle) EtwUnregister(Handle)
#else
#include <evntprov.h>
#define entrycheck_etw_register(Guid, Handle) EventRegister((Guid), NULL, NULL, (Handle))
#define entrycheck_etw_unregister(Handle) EventUnregister(Handle)
#endif

/* What the generated header decides for the code that includes it, unless
 * set before: kernel-mode APIs when wdm.h came first (it defines _ETW_KM_),
 * MCGEN_EVENT_ENABLED(E) as EventEnabled<E>(), and the write routine. */
#ifndef MCGEN_USE_KERNEL_MODE_APIS
#ifdef _ETW_KM_
#define MCGEN_USE_KERNEL_MODE_APIS 1
#else
#define MCGEN_USE_KERNEL_MODE_APIS 0
#endif
#endif
#ifndef MCGEN_EVENT_ENABLED
#define MCGEN_EVENT_ENABLED(EventName) EventEnabled##EventName()
#endif
/* The routine that writes an event: the kernel's EtwWriteTransfer (the kit
 * insists on that unqualified name in kernel mode), EventWriteTransfer in
 * user mode. */
#ifndef MCGEN_EVENTWRITETRANSFER
#if MCGEN_USE_KERNEL_MODE_APIS
#define MCGEN_EVENTWRITETRANSFER EtwWriteTransfer
#else
#define MCGEN_EVENTWRITETRANSFER EventWriteTransfer
#endif
#endif

#ifdef __cplusplus
#define ENTRYCHECK_ETW_EXTERN extern "C"
extern "C" {
#else
#define ENTRYCHECK_ETW_EXTERN
#endif

/* EventWrite<E>(Activity, <one argument per field of E's template>). */
unsigned long entrycheck_etw_write(const GUID *Activity, ...);
/* EventEnabled<E>(): whether a session listens for E. */
unsigned char entrycheck_etw_enabled(void);

#ifdef __cplusplus
}
#endif

#endif /* ENTRYCHECK_ETW_H */
