#ifndef EVTQ_H
#define EVTQ_H

#include <ntifs.h>

#define EVTQ_DEVICE         L"\\Device\\EvtQueue"
#define EVTQ_LINK           L"\\DosDevices\\EvtQueue"
#define EVTQ_TAG            'QtvE'
#define EVTQ_MAX_DATA       4096
#define EVTQ_MAX_PENDING    256

#define IOCTL_EVTQ_SET_EVENT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_EVTQ_SUBMIT       CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_EVTQ_RESULT       CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_READ_ACCESS)

#define EQ_DBG(...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "evtq: " __VA_ARGS__))

typedef struct _EVTQ_JOB {
    LIST_ENTRY Link;
    ULONG      Id;
    ULONG      Length;
    UCHAR      Data[1];
} EVTQ_JOB, *PEVTQ_JOB;

typedef struct _EVTQ_RESULT {
    ULONG Id;
    ULONG Crc;
} EVTQ_RESULT, *PEVTQ_RESULT;

typedef struct _EVTQ_GLOBALS {
    PDEVICE_OBJECT  Device;
    BOOLEAN         LinkCreated;

    /* worker */
    PKTHREAD        Worker;
    KEVENT          WakeEvent;
    volatile LONG   Stopping;

    /* job queue */
    KSPIN_LOCK      QueueLock;
    LIST_ENTRY      Queue;
    ULONG           Pending;
    volatile LONG   NextId;

    /* last result */
    EVTQ_RESULT     LastResult;

    /* user event */
    KSPIN_LOCK      EventLock;
    PKEVENT         UserEvent;
} EVTQ_GLOBALS;

extern EVTQ_GLOBALS g_Eq;

/* worker.c */
NTSTATUS EqStartWorker(VOID);
VOID     EqStopWorker(VOID);
NTSTATUS EqSubmit(_In_reads_bytes_(Length) PVOID Data, _In_ ULONG Length, _Out_ PULONG Id);

/* userevt.c */
NTSTATUS EqSetUserEvent(_In_ HANDLE Handle, _In_ KPROCESSOR_MODE Mode);
VOID     EqClearUserEvent(VOID);
VOID     EqSignalUserEvent(VOID);

#endif
