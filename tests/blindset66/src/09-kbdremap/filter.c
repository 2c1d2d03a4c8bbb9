//
// filter.c - the filter device itself
//
#include "filter.h"

KR_GLOBALS g_Kr;

DRIVER_INITIALIZE       DriverEntry;
DRIVER_UNLOAD           KrUnload;
DRIVER_DISPATCH         KrDispatchAny;
DRIVER_DISPATCH         KrDispatchRead;
DRIVER_DISPATCH         KrDispatchPower;
IO_COMPLETION_ROUTINE   KrReadComplete;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KrUnload)
#endif

NTSTATUS
KrDispatchAny(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKR_EXTENSION ext = (PKR_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
KrDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKR_EXTENSION ext = (PKR_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS
KrReadComplete(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PKEYBOARD_INPUT_DATA keys;
    ULONG_PTR i, n;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        n = Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA);
        for (i = 0; i < n; i++) {
            // only plain (non-E0/E1) codes are remapped
            if ((keys[i].Flags & (KEY_E0 | KEY_E1)) == 0) {
                keys[i].MakeCode = KrTranslate(keys[i].MakeCode);
            }
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_Kr.PendingReads);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
KrDispatchRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKR_EXTENSION ext = (PKR_EXTENSION)DeviceObject->DeviceExtension;

    InterlockedIncrement(&g_Kr.PendingReads);

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KrReadComplete, NULL, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);
}

VOID
KrUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PKR_EXTENSION ext;
    LARGE_INTEGER delay;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_Kr.Filter == NULL) {
        return;
    }

    ext = (PKR_EXTENSION)g_Kr.Filter->DeviceExtension;

    // 1. stop new IRPs from being routed through us
    IoDetachDevice(ext->Lower);

    // 2. the read that kbdclass is holding still has our completion
    //    routine on it; it comes back with the next keystroke
    KR_PRINT("waiting for %ld outstanding read(s), press a key\n", g_Kr.PendingReads);
    delay.QuadPart = -10 * 1000 * KR_POLL_MS;
    while (InterlockedCompareExchange(&g_Kr.PendingReads, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    // 3. now nothing references the device or our code
    IoDeleteDevice(g_Kr.Filter);
    g_Kr.Filter = NULL;

    KR_PRINT("unloaded\n");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING target = RTL_CONSTANT_STRING(KR_TARGET);
    PDEVICE_OBJECT filter = NULL;
    PKR_EXTENSION ext;
    ULONG i;

    RtlZeroMemory(&g_Kr, sizeof(g_Kr));

    status = KrLoadMap(RegistryPath);
    if (!NT_SUCCESS(status)) {
        KR_PRINT("KrLoadMap failed %08X\n", status);
        return status;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KrDispatchAny;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = KrDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KrDispatchPower;

    status = IoCreateDevice(DriverObject, sizeof(KR_EXTENSION), NULL,
                            FILE_DEVICE_KEYBOARD, 0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        KR_PRINT("IoCreateDevice failed %08X\n", status);
        return status;
    }

    ext = (PKR_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filter;

    status = IoAttachDevice(filter, &target, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        KR_PRINT("IoAttachDevice(%wZ) failed %08X\n", &target, status);
        IoDeleteDevice(filter);
        return status;
    }

    //
    // mirror the buffering/power flags and characteristics of kbdclass,
    // otherwise reads arrive with the wrong buffer method
    //
    filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filter->DeviceType = ext->Lower->DeviceType;
    filter->Characteristics = ext->Lower->Characteristics;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;

    g_Kr.Filter = filter;
    DriverObject->DriverUnload = KrUnload;

    KR_PRINT("attached above %p, %lu pair(s)\n", ext->Lower, g_Kr.PairCount);
    return STATUS_SUCCESS;
}
