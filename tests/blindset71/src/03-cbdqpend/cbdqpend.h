/*
 *  cbdqpend.h
 *
 *  Holds reads to files under a watched directory in a per-instance
 *  cancel safe queue and releases them from a worker once the
 *  "gate" delay elapsed.  Used for testing app behaviour under slow I/O.
 */
#ifndef _CBDQPEND_H_
#define _CBDQPEND_H_

#include <fltKernel.h>

#define CQ_INSTCTX_TAG      'iQbC'
#define CQ_QCTX_TAG         'qQbC'

#define CQ_MAX_PENDED       256

#define KDPRINT(_x_)        KdPrint(_x_)
#define CQ_PREFIX           "cbdqpend: "

typedef struct _CQ_INSTANCE_CONTEXT {
    PFLT_INSTANCE           Instance;
    FLT_CALLBACK_DATA_QUEUE Cbdq;
    LIST_ENTRY              QueueHead;
    KSPIN_LOCK              QueueLock;
    volatile LONG           Pended;
    volatile LONG           WorkerActive;
} CQ_INSTANCE_CONTEXT, *PCQ_INSTANCE_CONTEXT;

/* Per-I/O insert context; must live until the I/O leaves the queue */
typedef struct _CQ_QUEUE_CONTEXT {
    FLT_CALLBACK_DATA_QUEUE_IO_CONTEXT CbdqIoContext;
} CQ_QUEUE_CONTEXT, *PCQ_QUEUE_CONTEXT;

typedef struct _CQ_DATA {
    PDRIVER_OBJECT          DriverObject;
    PFLT_FILTER             Filter;
    NPAGED_LOOKASIDE_LIST   QueueContextLookaside;
    ULONG                   DelayMs;
} CQ_DATA;

extern CQ_DATA Globals;

/* queue.c */
NTSTATUS CqInitQueue(_Inout_ PCQ_INSTANCE_CONTEXT Ctx);
NTSTATUS CqPendRead(_In_ PCQ_INSTANCE_CONTEXT Ctx, _In_ PFLT_CALLBACK_DATA Data);
VOID     CqKickWorker(_In_ PCQ_INSTANCE_CONTEXT Ctx);

/* instance.c */
extern const FLT_CONTEXT_REGISTRATION CqContexts[];
NTSTATUS FLTAPI CqInstanceSetup(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_SETUP_FLAGS,
                                DEVICE_TYPE, FLT_FILESYSTEM_TYPE);
VOID FLTAPI CqInstanceTeardownStart(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_TEARDOWN_FLAGS);
VOID FLTAPI CqInstanceTeardownComplete(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_TEARDOWN_FLAGS);

#endif
