/*
 * poolfirst.c - a legacy driver that keeps a ring of telemetry samples
 * for a user-mode collector. Its state block, its sample ring, the MDL
 * that describes the ring and the work item that flushes it are
 * allocated in DriverEntry, in the version that writes through three of
 * them before it tests them for NULL.
 *
 * BUG (DE020, three times): the state block is zeroed and the sample ring
 * written before their NULL tests, and the staging buffer is allocated
 * without POOL_FLAG_RAISE_ON_FAILURE and never tested; the scratch block's
 * pool type is a constant here, and it is written untested in a helper.
 * Each allocator returns NULL when pool is short, and the write through
 * NULL bug checks the machine where the load should have failed.
 */

#include <ntddk.h>

#define TR_TAG 'gRrT'
#define TR_SAMPLES 256

typedef struct _TR_SAMPLE {
    LARGE_INTEGER Time;
    ULONG Source;
    ULONG Value;
} TR_SAMPLE, *PTR_SAMPLE;

typedef struct _TR_STATE {
    LIST_ENTRY Readers;
    KSPIN_LOCK Lock;
    PTR_SAMPLE Ring;
    PMDL RingMdl;
    PIO_WORKITEM Flush;
    PUCHAR Staging;
    ULONG Head;
} TR_STATE, *PTR_STATE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TrUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH TrCreateClose;

static PTR_STATE g_Tr;
static PDEVICE_OBJECT g_TrDevice;

NTSTATUS
TrCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID
TrFreeState(
    VOID
    )
{
    if (g_Tr->Flush != NULL) {
        IoFreeWorkItem(g_Tr->Flush);
    }
    if (g_Tr->RingMdl != NULL) {
        IoFreeMdl(g_Tr->RingMdl);
    }
    if (g_Tr->Ring != NULL) {
        ExFreePoolWithTag(g_Tr->Ring, TR_TAG);
    }
    if (g_Tr->Staging != NULL) {
        ExFreePoolWithTag(g_Tr->Staging, TR_TAG);
    }
    ExFreePoolWithTag(g_Tr, TR_TAG);
    g_Tr = NULL;
}

VOID
TrUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_TrDevice);
    TrFreeState();
}

static PVOID
TrScratch(
    VOID
    )
{
    PULONG scratch;

    scratch = (PULONG)ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, TR_TAG);
    scratch[0] = 0; // expect: DE020
    return scratch;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PVOID scratch;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_Tr = (PTR_STATE)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(TR_STATE), TR_TAG);
    RtlZeroMemory(g_Tr, sizeof(TR_STATE)); // expect: DE020
    InitializeListHead(&g_Tr->Readers);
    KeInitializeSpinLock(&g_Tr->Lock);
    if (g_Tr == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_Tr->Ring = (PTR_SAMPLE)ExAllocatePool2(POOL_FLAG_NON_PAGED, TR_SAMPLES * sizeof(TR_SAMPLE), TR_TAG);
    g_Tr->Ring[0].Source = 0; // expect: DE020
    if (!g_Tr->Ring) {
        TrFreeState();
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_Tr->Staging = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, PAGE_SIZE, TR_TAG);
    g_Tr->Staging[0] = 0; // expect: DE020

    scratch = TrScratch();
    if (scratch != NULL) {
        ExFreePoolWithTag(scratch, TR_TAG);
    }

    g_Tr->RingMdl = IoAllocateMdl(g_Tr->Ring, TR_SAMPLES * sizeof(TR_SAMPLE), FALSE, FALSE, NULL);
    if (g_Tr->RingMdl == NULL) {
        TrFreeState();
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(g_Tr->RingMdl);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_TrDevice);
    if (!NT_SUCCESS(status)) {
        TrFreeState();
        return status;
    }

    g_Tr->Flush = IoAllocateWorkItem(g_TrDevice);
    if (g_Tr->Flush != NULL) {
        g_Tr->Head = 0;
    } else {
        IoDeleteDevice(g_TrDevice);
        TrFreeState();
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TrCreateClose;
    DriverObject->DriverUnload = TrUnload;
    return STATUS_SUCCESS;
}
