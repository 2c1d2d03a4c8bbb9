/*
 * pendbroker - holds creates of *.lock files until a broker service
 * says "go".  Control port (1 connection) takes commands, event port
 * (several connections) is used by monitors that only want to watch.
 */
#ifndef PENDBROKER_H
#define PENDBROKER_H

#include <fltKernel.h>

#define BRK_CTL_PORT    L"\\PendBrokerCtl"
#define BRK_EVT_PORT    L"\\PendBrokerEvt"
#define BRK_MAX_MONITORS 8

#define BRK_TAG_CTX     'cKrB'
#define BRK_TAG_QIO     'qKrB'

#define BRK_CMD_RELEASE_ALL  0x10
#define BRK_CMD_FAIL_ALL     0x11

#ifdef DBG
#define BLOG(...)  DbgPrint("pendbroker: " __VA_ARGS__)
#else
#define BLOG(...)  ((void)0)
#endif

typedef struct _BRK_CLIENT {
    LIST_ENTRY Link;
    PFLT_PORT  Port;
    BOOLEAN    IsControl;
} BRK_CLIENT, *PBRK_CLIENT;

typedef struct _BRK_INSTANCE_CONTEXT {
    LIST_ENTRY              Link;          /* in BrkData.Instances */
    PFLT_INSTANCE           Instance;
    FLT_CALLBACK_DATA_QUEUE Cbdq;
    LIST_ENTRY              PendedHead;
    KSPIN_LOCK              PendedLock;
    BOOLEAN                 Listed;
} BRK_INSTANCE_CONTEXT, *PBRK_INSTANCE_CONTEXT;

typedef struct _BRK_PENDED_IO {
    FLT_CALLBACK_DATA_QUEUE_IO_CONTEXT IoCtx;
} BRK_PENDED_IO, *PBRK_PENDED_IO;

typedef struct _BRK_DATA {
    PFLT_FILTER  Filter;
    PFLT_PORT    CtlPort;
    PFLT_PORT    EvtPort;

    FAST_MUTEX   ClientMutex;
    LIST_ENTRY   Clients;
    LONG         ClientCount;

    EX_PUSH_LOCK InstanceLock;
    LIST_ENTRY   Instances;
} BRK_DATA;

extern BRK_DATA BrkData;

/* port.c */
NTSTATUS BrkCreatePorts(VOID);
VOID     BrkClosePorts(VOID);

/* queue.c */
NTSTATUS BrkQueueInit(_Inout_ PBRK_INSTANCE_CONTEXT Ctx);
NTSTATUS BrkQueuePend(_Inout_ PBRK_INSTANCE_CONTEXT Ctx, _In_ PFLT_CALLBACK_DATA Data);
ULONG    BrkQueueDrain(_Inout_ PBRK_INSTANCE_CONTEXT Ctx, _In_ NTSTATUS Verdict);
ULONG    BrkDrainAll(_In_ NTSTATUS Verdict);

#endif
