/*
 * diskstat.c
 *
 * Disk class upper filter that keeps a latency histogram of read/write
 * IRPs.  Installed as an UpperFilters entry of the disk class
 * {4d36e967-e325-11ce-bfc1-08002be10318}.  Histogram bucket width is
 * read from HKLM\...\Services\diskstat\Parameters\BucketUs.
 *
 * Written while following the "storage filters" lecture; not production code.
 */

#include <ntddk.h>
#include <ntdddisk.h>

#define DS_TAG          'tSsD'
#define DS_BUCKETS      32
#define DS_DEFAULT_US   250

typedef struct _DS_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Lower;
    PDEVICE_OBJECT  Pdo;
    IO_REMOVE_LOCK  RemoveLock;
    volatile LONG64 Reads;
    volatile LONG64 Writes;
} DS_EXTENSION, *PDS_EXTENSION;

typedef struct _DS_HISTOGRAM {
    ULONG           BucketUs;
    volatile LONG64 Bucket[DS_BUCKETS];
} DS_HISTOGRAM, *PDS_HISTOGRAM;

static UNICODE_STRING g_RegPath;
static PDS_HISTOGRAM  g_Histogram;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE DsAddDevice;
DRIVER_UNLOAD     DsUnload;
DRIVER_DISPATCH   DsPassThrough;
DRIVER_DISPATCH   DsReadWrite;
DRIVER_DISPATCH   DsPnp;
DRIVER_DISPATCH   DsPower;
IO_COMPLETION_ROUTINE DsRwComplete;

static NTSTATUS
DsReadConfig(
    _In_ PUNICODE_STRING ServiceKey,
    _Out_ PULONG BucketUs
    )
{
    NTSTATUS status;
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG value = DS_DEFAULT_US;
    ULONG defaultValue = DS_DEFAULT_US;
    UNICODE_STRING path;
    WCHAR buffer[260];

    RtlInitEmptyUnicodeString(&path, buffer, sizeof(buffer));
    status = RtlAppendUnicodeStringToString(&path, ServiceKey);
    if (NT_SUCCESS(status)) {
        status = RtlAppendUnicodeToString(&path, L"\\Parameters");
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"BucketUs";
    table[0].EntryContext  = &value;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &defaultValue;
    table[0].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path.Buffer, table, NULL, NULL);
    if (NT_SUCCESS(status)) {
        *BucketUs = (value == 0) ? DS_DEFAULT_US : value;
    }
    return status;
}

static VOID
DsRecordLatency(
    _In_ LONGLONG Ticks100ns
    )
{
    ULONG idx;
    ULONG us = (ULONG)(Ticks100ns / 10);

    if (g_Histogram == NULL) {
        return;
    }
    idx = us / g_Histogram->BucketUs;
    if (idx >= DS_BUCKETS) {
        idx = DS_BUCKETS - 1;
    }
    InterlockedIncrement64(&g_Histogram->Bucket[idx]);
}

NTSTATUS
DsRwComplete(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PDS_EXTENSION ext = (PDS_EXTENSION)DeviceObject->DeviceExtension;
    ULONGLONG start = (ULONGLONG)(ULONG_PTR)Context;

    DsRecordLatency((LONGLONG)(KeQueryInterruptTime() - start));

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
DsPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDS_EXTENSION ext = (PDS_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
DsReadWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDS_EXTENSION ext = (PDS_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    ULONGLONG start;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (sp->MajorFunction == IRP_MJ_READ) {
        InterlockedIncrement64(&ext->Reads);
    } else {
        InterlockedIncrement64(&ext->Writes);
    }

    start = KeQueryInterruptTime();

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, DsRwComplete, (PVOID)(ULONG_PTR)start,
                           TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
DsPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDS_EXTENSION ext = (PDS_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS
DsPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDS_EXTENSION ext = (PDS_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (sp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
DsAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT filter = NULL;
    PDS_EXTENSION ext;
    ULONG bucketUs = DS_DEFAULT_US;

    /* re-read the bucket width for every new disk so it can be tuned */
    if (NT_SUCCESS(DsReadConfig(&g_RegPath, &bucketUs)) && g_Histogram != NULL) {
        g_Histogram->BucketUs = bucketUs;
    }

    status = IoCreateDevice(DriverObject, sizeof(DS_EXTENSION), NULL,
                            FILE_DEVICE_DISK, FILE_DEVICE_SECURE_OPEN, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PDS_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filter;
    ext->Pdo  = PhysicalDeviceObject;
    IoInitializeRemoveLock(&ext->RemoveLock, DS_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(filter, PhysicalDeviceObject);
    if (ext->Lower == NULL) {
        IoDeleteDevice(filter);
        return STATUS_NO_SUCH_DEVICE;
    }

    filter->Flags |= ext->Lower->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    filter->DeviceType      = ext->Lower->DeviceType;
    filter->Characteristics = ext->Lower->Characteristics;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;

    return STATUS_SUCCESS;
}

VOID
DsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Histogram != NULL) {
        ExFreePoolWithTag(g_Histogram, DS_TAG);
        g_Histogram = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG i;
    ULONG bucketUs = DS_DEFAULT_US;

    g_Histogram = (PDS_HISTOGRAM)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                 sizeof(DS_HISTOGRAM), DS_TAG);
    if (g_Histogram == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = DsReadConfig(RegistryPath, &bucketUs);
    if (!NT_SUCCESS(status) && status != STATUS_OBJECT_NAME_NOT_FOUND) {
        DbgPrint("diskstat: cannot read Parameters (0x%08X)\n", status);
        return status;
    }
    g_Histogram->BucketUs = bucketUs;

    g_RegPath = *RegistryPath;

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = DsPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = DsReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = DsReadWrite;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = DsPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = DsPower;

    DriverObject->DriverExtension->AddDevice = DsAddDevice;
    DriverObject->DriverUnload = DsUnload;

    return STATUS_SUCCESS;
}
