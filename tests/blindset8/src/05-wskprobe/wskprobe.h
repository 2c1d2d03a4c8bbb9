/*
 * wskprobe - kernel TCP reachability prober.
 *
 * The service asks for "can host:port be reached from kernel mode"
 * through IOCTL_WSKPROBE_CONNECT; a worker thread owns the WSK
 * provider NPI and performs the connects.
 */
#ifndef WSKPROBE_H
#define WSKPROBE_H

#include <ntddk.h>
#include <wsk.h>

#define WSKPROBE_TAG            'bPkW'
#define WSKPROBE_DEVICE_NAME    L"\\Device\\WskProbe"
#define WSKPROBE_LINK_NAME      L"\\DosDevices\\WskProbe"

#define IOCTL_WSKPROBE_CONNECT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_WSKPROBE_STATS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _WSKPROBE_REQUEST {
    SOCKADDR_IN Target;
    ULONG       TimeoutMs;
} WSKPROBE_REQUEST, *PWSKPROBE_REQUEST;

typedef struct _WSKPROBE_STATS {
    ULONG Attempts;
    ULONG Successes;
    ULONG Failures;
} WSKPROBE_STATS, *PWSKPROBE_STATS;

typedef struct _WSKPROBE_WORK {
    LIST_ENTRY          Link;
    WSKPROBE_REQUEST    Request;
    PIRP                Irp;
} WSKPROBE_WORK, *PWSKPROBE_WORK;

typedef struct _WSKPROBE_GLOBALS {
    PDEVICE_OBJECT          DeviceObject;
    UNICODE_STRING          LinkName;

    WSK_REGISTRATION        Registration;
    WSK_PROVIDER_NPI        ProviderNpi;
    BOOLEAN                 NpiCaptured;

    PETHREAD                WorkerThread;
    KEVENT                  StopEvent;
    KEVENT                  WorkEvent;
    KSPIN_LOCK              QueueLock;
    LIST_ENTRY              Queue;

    WSKPROBE_STATS          Stats;
} WSKPROBE_GLOBALS, *PWSKPROBE_GLOBALS;

extern WSKPROBE_GLOBALS g_Probe;

/* wsk.c */
NTSTATUS WpRegisterWsk(VOID);
VOID     WpDeregisterWsk(VOID);
NTSTATUS WpStartWorker(VOID);
VOID     WpStopWorker(VOID);
VOID     WpQueueWork(_In_ PWSKPROBE_WORK Work);

#endif
