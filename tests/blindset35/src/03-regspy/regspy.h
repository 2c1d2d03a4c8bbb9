/*
 * regspy.h
 *
 * RegSpy - logs registry writes / deletes through a CmRegisterCallbackEx
 * callback, user mode pulls the records with IOCTL_REGSPY_READ.
 */
#ifndef _REGSPY_H_
#define _REGSPY_H_

#include <ntddk.h>

/* ---- tracing ------------------------------------------------------------
 * This was WPP once; the .tmh generation broke in the new WDK so it is
 * plain DbgPrintEx now. Keep the WPP-like names so switching back is easy.
 */
#define TRACE_LEVEL_ERROR        DPFLTR_ERROR_LEVEL
#define TRACE_LEVEL_WARNING      DPFLTR_WARNING_LEVEL
#define TRACE_LEVEL_INFORMATION  DPFLTR_INFO_LEVEL
#define TRACE_LEVEL_VERBOSE      DPFLTR_TRACE_LEVEL

#define TRACE_DRIVER   0x1
#define TRACE_CALLBACK 0x2
#define TRACE_QUEUE    0x4

#define TraceEvents(lvl, flag, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (lvl), "regspy!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

/* ---- shared with user mode --------------------------------------------- */
#define REGSPY_DEVICE   L"\\Device\\RegSpy"
#define REGSPY_LINK     L"\\DosDevices\\RegSpy"

#define IOCTL_REGSPY_READ   CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_REGSPY_CLEAR  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_REGSPY_INFO   CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)

#define RS_OP_SETVALUE   1
#define RS_OP_DELVALUE   2
#define RS_OP_DELKEY     3

#define RS_NAME_CHARS    128

typedef struct _RS_RECORD {
    ULONG         Operation;
    ULONG         ProcessId;
    LARGE_INTEGER Time;
    ULONG         ValueType;
    WCHAR         KeyName[RS_NAME_CHARS];
    WCHAR         ValueName[32];
} RS_RECORD, *PRS_RECORD;

/* ---- driver internal --------------------------------------------------- */
#define RS_TAG          'ypSR'
#define RS_ALTITUDE     L"380010"
#define RS_MAX_PENDING  2048

typedef struct _RS_ENTRY {
    LIST_ENTRY Link;
    RS_RECORD  Rec;
} RS_ENTRY, *PRS_ENTRY;

typedef struct _RS_GLOBALS {
    PDEVICE_OBJECT          Device;
    LARGE_INTEGER           Cookie;
    BOOLEAN                 CallbackOn;
    UNICODE_STRING          ServiceKey;     /* skip our own key */

    KSPIN_LOCK              QueueLock;
    LIST_ENTRY              Queue;
    LONG                    Pending;
    LONG                    Lost;
    NPAGED_LOOKASIDE_LIST   Pool;
} RS_GLOBALS;

extern RS_GLOBALS g_Spy;

/* regcb.c */
NTSTATUS RsQueueInit(VOID);
VOID     RsQueueTeardown(VOID);
VOID     RsQueueDrain(VOID);
ULONG    RsQueueRead(PRS_RECORD Out, ULONG MaxCount);
EX_CALLBACK_FUNCTION RsRegistryCallback;

#endif /* _REGSPY_H_ */
