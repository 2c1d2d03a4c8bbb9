/*
 * bad/objflag.c - as objflag.c, but the creating helper records the
 * lookaside list as not set up (a line copied from the destroying helper),
 * so HqQueueDestroy never deletes it: when IoCreateDevice fails, DriverEntry
 * returns with the list still set up (DE006).
 */

#include <ntddk.h>

#define HQ_TAG 'qHsH'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HqUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH HqDispatch;

typedef struct _HQ_REQUEST {
    LIST_ENTRY Link;
    UCHAR Digest[32];
} HQ_REQUEST, *PHQ_REQUEST;

typedef struct _HQ_QUEUE {
    NPAGED_LOOKASIDE_LIST Requests;
    BOOLEAN LookasideReady;
    KSPIN_LOCK Lock;
    LIST_ENTRY Pending;
    ULONG Depth;
} HQ_QUEUE, *PHQ_QUEUE;

static PHQ_QUEUE g_Queue;
static PDEVICE_OBJECT g_Device;

static PHQ_QUEUE HqQueueCreate(ULONG depth)
{
    PHQ_QUEUE q;

    q = (PHQ_QUEUE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(HQ_QUEUE), HQ_TAG);
    if (!q) {
        KdPrint(("hashq: no memory for the queue\n"));
        return NULL;
    }
    KeInitializeSpinLock(&q->Lock);
    InitializeListHead(&q->Pending);
    q->Depth = depth;
    ExInitializeNPagedLookasideList(&q->Requests, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(HQ_REQUEST), HQ_TAG, 0);
    q->LookasideReady = FALSE;
    return q;
}

static VOID HqQueueDestroy(PHQ_QUEUE Queue)
{
    if (Queue->LookasideReady) {
        ExDeleteNPagedLookasideList(&Queue->Requests);
        Queue->LookasideReady = FALSE;
    }
    ExFreePoolWithTag(Queue, HQ_TAG);
}

NTSTATUS HqDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID HqUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_Device);
    HqQueueDestroy(g_Queue);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\HashQ");
    PHQ_QUEUE queue;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    queue = HqQueueCreate(64);
    if (queue == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("hashq: IoCreateDevice failed %08x\n", status));
        HqQueueDestroy(queue);
        return status; // expect: DE006
    }

    g_Queue = queue;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = HqDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HqDispatch;
    DriverObject->DriverUnload = HqUnload;
    return STATUS_SUCCESS;
}
