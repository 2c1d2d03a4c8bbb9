#ifndef KWD_H
#define KWD_H

/*
 * KWatchdog - my little heartbeat watchdog.
 * A user-mode service has to ping \\.\KWatchdog every few seconds,
 * a periodic kernel timer wakes a system thread which checks when the
 * last ping came in and complains if the service looks hung.
 */

#include <ntddk.h>

#define KWD_DEVICE  L"\\Device\\KWatchdog"
#define KWD_LINK    L"\\DosDevices\\KWatchdog"

#define KWD_DEFAULT_TIMEOUT_SEC 10
#define KWD_TICK_MS             1000

#define IOCTL_KWD_PING        CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_KWD_SET_TIMEOUT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_KWD_GET_MISSED  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define KDBG(fmt, ...) DbgPrint("[KWD] " fmt "\n", __VA_ARGS__)

typedef struct _KWD_CONTEXT {
    PDEVICE_OBJECT DeviceObject;
    UNICODE_STRING SymLink;

    KTIMER         Timer;
    KDPC           Dpc;
    KEVENT         TickEvent;
    KEVENT         StopEvent;

    KSPIN_LOCK     Lock;
    LARGE_INTEGER  LastPing;
    ULONG          TimeoutSec;
    BOOLEAN        Reported;
    volatile LONG  Missed;
} KWD_CONTEXT, *PKWD_CONTEXT;

extern KWD_CONTEXT g_Kwd;

/* watchdog.c */
VOID KwdInitContext(PKWD_CONTEXT Ctx);
VOID KwdStartTimer(PKWD_CONTEXT Ctx);
VOID KwdPing(PKWD_CONTEXT Ctx);
KSTART_ROUTINE KwdThread;

#endif
