/*
 * urcommon.h -- helpers shared by the usbredir host stub filter (urstub.sys)
 * and the virtual host controller (urvhci.sys).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef URCOMMON_H
#define URCOMMON_H

#include <ntddk.h>
#include <wdf.h>

#define UR_LEVEL_ERROR   1
#define UR_LEVEL_WARN    2
#define UR_LEVEL_INFO    3
#define UR_LEVEL_TRACE   4

#define UR_LOG_RING_SIZE (16 * 1024)
#define UR_LOG_TAG       'gLrU'

typedef struct _UR_LOG_STATE {
    LONG        Initialized;
    ULONG       Level;
    CHAR        Prefix[16];
    KSPIN_LOCK  RingLock;
    PCHAR       Ring;
    ULONG       RingHead;
    BOOLEAN     RingWrapped;
} UR_LOG_STATE, *PUR_LOG_STATE;

extern UR_LOG_STATE UrLogState;

#define UR_LOG(lvl, fmt, ...) \
    do { \
        if ((lvl) <= UrLogState.Level) { \
            UrLogPrint((lvl), "%s: " fmt "\n", UrLogState.Prefix, ##__VA_ARGS__); \
        } \
    } while (0)

#define UR_ERR(fmt, ...)   UR_LOG(UR_LEVEL_ERROR, fmt, ##__VA_ARGS__)
#define UR_WARN(fmt, ...)  UR_LOG(UR_LEVEL_WARN,  fmt, ##__VA_ARGS__)
#define UR_INFO(fmt, ...)  UR_LOG(UR_LEVEL_INFO,  fmt, ##__VA_ARGS__)
#define UR_TRACE(fmt, ...) UR_LOG(UR_LEVEL_TRACE, fmt, ##__VA_ARGS__)

/*
 * Settings read from the service key. The two drivers use different
 * subsets; unknown values are ignored.
 */
typedef struct _UR_SETTINGS {
    ULONG   PortCount;          /* urvhci: root hub ports           */
    ULONG   UrbTimeoutMs;       /* both: per-URB forwarding timeout  */
    ULONG   MaxPendingUrbs;     /* urstub: capture queue depth       */
    BOOLEAN ExportByDefault;    /* urstub: attach capture on add     */
    BOOLEAN SuperSpeed;         /* urvhci: expose USB 3 ports        */
} UR_SETTINGS, *PUR_SETTINGS;

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
UrLogInit(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PCUNICODE_STRING RegistryPath,
    _In_z_ PCSTR Prefix
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
UrLogFini(
    VOID
    );

VOID
UrLogPrint(
    _In_ ULONG Level,
    _In_z_ _Printf_format_string_ PCSTR Format,
    ...
    );

VOID
UrSettingsDefaults(
    _Out_ PUR_SETTINGS Settings
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
UrSettingsLoad(
    _In_ PCUNICODE_STRING RegistryPath,
    _Inout_ PUR_SETTINGS Settings
    );

#endif /* URCOMMON_H */
