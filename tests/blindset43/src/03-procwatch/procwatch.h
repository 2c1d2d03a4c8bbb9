#ifndef _PROCWATCH_H_
#define _PROCWATCH_H_

#include <ntddk.h>

#define PW_TAG              'hWcP'
#define PW_NT_DEVICE        L"\\Device\\ProcWatch"
#define PW_DOS_DEVICE       L"\\DosDevices\\ProcWatch"
#define PW_MAX_QUEUE        8192

#define IOCTL_PW_READ_EVENTS    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_PW_GET_DEPTH      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_READ_DATA)

#if DBG
#define PW_DBG(...)     DbgPrint("[pw] " __VA_ARGS__)
#else
#define PW_DBG(...)     ((void)0)
#endif

#define CHECK_STATUS(s, msg)                                        \
    if (!NT_SUCCESS(s)) {                                           \
        DbgPrint("[pw] %s failed: 0x%08X\n", msg, (s));             \
    }

typedef enum _PW_EVENT_TYPE {
    PwEventProcessCreate = 1,
    PwEventProcessExit,
    PwEventThreadCreate,
    PwEventThreadExit,
} PW_EVENT_TYPE;

typedef struct _PW_EVENT {
    USHORT          Type;
    USHORT          Flags;
    ULONG           ProcessId;
    ULONG           ParentOrThreadId;
    LARGE_INTEGER   Time;
    WCHAR           ImagePath[260];
} PW_EVENT, *PPW_EVENT;

typedef struct _PW_NODE {
    LIST_ENTRY  Link;
    PW_EVENT    Event;
} PW_NODE, *PPW_NODE;

typedef NTSTATUS (NTAPI *PFN_PS_SET_CREATE_PROCESS_NOTIFY_EX2)(
    _In_ PSCREATEPROCESSNOTIFYTYPE NotifyType,
    _In_ PVOID NotifyInformation,
    _In_ BOOLEAN Remove);

typedef struct _PW_GLOBALS {
    /* device */
    PDEVICE_OBJECT      DeviceObject;
    BOOLEAN             LinkCreated;

    /* callbacks */
    BOOLEAN             ProcessNotifyOn;
    BOOLEAN             ThreadNotifyOn;
    PFN_PS_SET_CREATE_PROCESS_NOTIFY_EX2 pfnSetNotifyEx2;

    /* event queue */
    LOOKASIDE_LIST_EX   Lookaside;
    BOOLEAN             LookasideReady;
    LIST_ENTRY          Queue;
    KSPIN_LOCK          QueueLock;
    ULONG               Depth;
    ULONG               Dropped;
} PW_GLOBALS;

extern PW_GLOBALS g_Pw;

/* evtqueue.c */
NTSTATUS PwQueueInit(VOID);
VOID     PwQueueDestroy(VOID);
VOID     PwQueuePush(_In_ const PW_EVENT *Event);
ULONG    PwQueuePop(_Out_writes_(Max) PPW_EVENT Out, _In_ ULONG Max);

/* notify.c */
NTSTATUS PwStartNotify(VOID);
VOID     PwStopNotify(VOID);

#endif
