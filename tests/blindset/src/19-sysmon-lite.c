// sysmon-lite: process + image notifications into a ring buffer
// user mode reads events with ReadFile on \\.\SysmonLite

#include <ntddk.h>

#define SML_TAG        'lmyS'
#define SML_RING_SIZE  (64 * 1024)

#define CHECK(x) if (!NT_SUCCESS(status = (x))) goto fail

typedef struct _RING {
    KSPIN_LOCK Lock;
    ULONG Head;
    ULONG Tail;
    PUCHAR Data;
} RING;

static RING g_Ring;
static PDEVICE_OBJECT g_SmlDevice;
static UNICODE_STRING g_SmlDevName = RTL_CONSTANT_STRING(L"\\Device\\SysmonLite");
static UNICODE_STRING g_SmlLink = RTL_CONSTANT_STRING(L"\\??\\SysmonLite");

static void RingPut(const void* p, ULONG len)
{
    KIRQL irql;
    ULONG i;
    KeAcquireSpinLock(&g_Ring.Lock, &irql);
    for (i = 0; i < len; i++) {
        g_Ring.Data[g_Ring.Head] = ((const UCHAR*)p)[i];
        g_Ring.Head = (g_Ring.Head + 1) % SML_RING_SIZE;
        if (g_Ring.Head == g_Ring.Tail)
            g_Ring.Tail = (g_Ring.Tail + 1) % SML_RING_SIZE;
    }
    KeReleaseSpinLock(&g_Ring.Lock, irql);
}

static VOID OnProcess(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    ULONG_PTR rec[3] = { (ULONG_PTR)Create, (ULONG_PTR)ParentId, (ULONG_PTR)ProcessId };
    RingPut(rec, sizeof(rec));
}

static VOID OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    ULONG_PTR rec[3] = { 2, (ULONG_PTR)ProcessId, (ULONG_PTR)ImageInfo->ImageBase };
    UNREFERENCED_PARAMETER(FullImageName);
    RingPut(rec, sizeof(rec));
}

static NTSTATUS SmlRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR out = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    ULONG n = 0;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->MajorFunction == IRP_MJ_READ) {
        KeAcquireSpinLock(&g_Ring.Lock, &irql);
        while (n < sp->Parameters.Read.Length && g_Ring.Tail != g_Ring.Head) {
            out[n++] = g_Ring.Data[g_Ring.Tail];
            g_Ring.Tail = (g_Ring.Tail + 1) % SML_RING_SIZE;
        }
        KeReleaseSpinLock(&g_Ring.Lock, irql);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = n;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID SmlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsRemoveLoadImageNotifyRoutine(OnImage);
    PsSetCreateProcessNotifyRoutine(OnProcess, TRUE);
    IoDeleteSymbolicLink(&g_SmlLink);
    IoDeleteDevice(g_SmlDevice);
    ExFreePoolWithTag(g_Ring.Data, SML_TAG);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    BOOLEAN created = FALSE, linked = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeSpinLock(&g_Ring.Lock);
    g_Ring.Head = g_Ring.Tail = 0;
    g_Ring.Data = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, SML_RING_SIZE, SML_TAG);
    if (!g_Ring.Data)
        return STATUS_INSUFFICIENT_RESOURCES;

    CHECK(IoCreateDevice(DriverObject, 0, &g_SmlDevName, FILE_DEVICE_UNKNOWN,
                         FILE_DEVICE_SECURE_OPEN, FALSE, &g_SmlDevice));
    created = TRUE;
    g_SmlDevice->Flags |= DO_BUFFERED_IO;

    CHECK(IoCreateSymbolicLink(&g_SmlLink, &g_SmlDevName));
    linked = TRUE;

    CHECK(PsSetCreateProcessNotifyRoutine(OnProcess, FALSE));
    CHECK(PsSetLoadImageNotifyRoutine(OnImage));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SmlRead;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SmlRead;
    DriverObject->MajorFunction[IRP_MJ_READ] = SmlRead;
    DriverObject->DriverUnload = SmlUnload;
    g_SmlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

fail:
    KdPrint(("sysmon-lite: init failed 0x%X\n", status));
    if (linked)
        IoDeleteSymbolicLink(&g_SmlLink);
    if (created)
        IoDeleteDevice(g_SmlDevice);
    ExFreePoolWithTag(g_Ring.Data, SML_TAG);
    return status;
}
