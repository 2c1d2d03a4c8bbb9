/*
 * mport.h  --  volume activity broadcaster.
 *
 * Up to MP_MAX_CONN agents may connect; each receives a notification
 * whenever a volume instance attaches or starts tearing down, plus a
 * periodic counters snapshot on request.
 */
#pragma once
#include <fltKernel.h>
#include <ntstrsafe.h>

#define MP_PORT_NAME    L"\\MultiPortNotify"
#define MP_MAX_CONN     6

#define MP_TAG_CONN     'cPpM'
#define MP_TAG_INST     'iPpM'
#define MP_TAG_REG      'rPpM'

#define MP_TRACE(fmt, ...)  KdPrint(("multiport: " fmt "\n", __VA_ARGS__))

typedef enum _MP_EVENT_KIND {
    MpEventAttach = 1,
    MpEventDetach = 2,
} MP_EVENT_KIND;

typedef struct _MP_EVENT {
    MP_EVENT_KIND Kind;
    ULONG         FsType;
    ULONG64       Creates;
} MP_EVENT, *PMP_EVENT;

typedef struct _MP_CONNECTION {
    LIST_ENTRY Link;
    PFLT_PORT  ClientPort;
    ULONG      ProcessId;
} MP_CONNECTION, *PMP_CONNECTION;

typedef struct _MP_INSTANCE_CONTEXT {
    FLT_FILESYSTEM_TYPE FsType;
    volatile LONG64     Creates;
} MP_INSTANCE_CONTEXT, *PMP_INSTANCE_CONTEXT;

typedef struct _MP_GLOBALS {
    PFLT_FILTER    Filter;
    PFLT_PORT      ServerPort;
    ERESOURCE      ConnLock;
    LIST_ENTRY     Connections;
    ULONG          ConnCount;
    UNICODE_STRING ServiceKey;       /* deep copy of RegistryPath */
} MP_GLOBALS;

extern MP_GLOBALS MpG;

/* ports.c */
NTSTATUS MpOpenServerPort(VOID);
VOID     MpCloseServerPort(VOID);
VOID     MpBroadcast(_In_ PMP_EVENT Event);

/* instances.c */
extern const FLT_CONTEXT_REGISTRATION MpContextRegistration[];
NTSTATUS FLTAPI MpInstanceSetup(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_SETUP_FLAGS, DEVICE_TYPE, FLT_FILESYSTEM_TYPE);
NTSTATUS FLTAPI MpInstanceQueryTeardown(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS);
VOID     FLTAPI MpInstanceTeardownStart(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_TEARDOWN_FLAGS);
VOID     FLTAPI MpInstanceTeardownComplete(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_TEARDOWN_FLAGS);
FLT_PREOP_CALLBACK_STATUS FLTAPI MpPreCreate(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID *);
