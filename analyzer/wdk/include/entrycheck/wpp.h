/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's model of WPP software tracing, i.e. of what a WDK build's
 * generated *.tmh header provides.  entrycheck substitutes a stub containing
 * only `#include <entrycheck/wpp.h>` for a missing *.tmh include.  The WPP
 * macros are modelled as ordinary functions so calls keep their names in the
 * AST; message formatting, control-GUID registration and recorder (IFR)
 * support are left out.  Written from the documented WPP macro usage. */
#ifndef ENTRYCHECK_WPP_H
#define ENTRYCHECK_WPP_H

#ifndef TRACE_LEVEL_NONE
#define TRACE_LEVEL_NONE        0
#define TRACE_LEVEL_CRITICAL    1
#define TRACE_LEVEL_FATAL       1
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_WARNING     3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE     5
#define TRACE_LEVEL_RESERVED6   6
#define TRACE_LEVEL_RESERVED7   7
#define TRACE_LEVEL_RESERVED8   8
#define TRACE_LEVEL_RESERVED9   9
#endif

/* The driver's trace header defines WPP_CONTROL_GUIDS in terms of these;
 * entrycheck expands it (below) into an enum of the flag names so that
 * TraceEvents(level, TRACE_DRIVER, ...) names a declared constant. */
#ifndef WPP_DEFINE_CONTROL_GUID
#define WPP_DEFINE_CONTROL_GUID(Name, Guid, Bits) Bits
#endif
#ifndef WPP_DEFINE_BIT
#define WPP_DEFINE_BIT(Name) Name,
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Kernel / UMDF 2 form: WPP_INIT_TRACING(DriverObject, RegistryPath);
 * UMDF 1 form: WPP_INIT_TRACING(L"Name").  Both fit this declaration. */
void WPP_INIT_TRACING(const void *DriverObjectOrName, ...);

/* WPP_CLEANUP(DriverObject) in kernel mode, WPP_CLEANUP() in UMDF.  C++ takes
 * both through `...`; C uses a declaration without a prototype, which accepts
 * any arguments (valid up to C17; entrycheck parses C as gnu17). */
#ifdef __cplusplus
void WPP_CLEANUP(...);
#else
void WPP_CLEANUP();
#endif

void TraceEvents(unsigned char Level, unsigned long Flags, const char *Message, ...);
/* What a trace function of the project's WPP configuration (a FUNC line of its
 * trace header) expands to in entrycheck's .tmh stubs: a call that reads its
 * arguments and changes nothing the rules judge. */
void entrycheck_wpp_trace(int Unused, ...);
void DoTraceMessage(unsigned long Flags, const char *Message, ...);
void DoTraceLevelMessage(unsigned char Level, unsigned long Flags, const char *Message, ...);

#ifdef __cplusplus
}
#endif

#endif /* ENTRYCHECK_WPP_H */

/* Not include-guarded: the first inclusion that sees WPP_CONTROL_GUIDS
 * (normally the stub .tmh, after the driver's trace header) declares the
 * flag names once. */
#if defined(WPP_CONTROL_GUIDS) && !defined(ENTRYCHECK_WPP_FLAGS_DECLARED)
#define ENTRYCHECK_WPP_FLAGS_DECLARED 1
enum entrycheck_wpp_flags { WPP_CONTROL_GUIDS entrycheck_wpp_flags_end };
#endif
