/*
 * driver.c - kbdcount, legacy (non-PnP) keyboard filter
 *
 * Attach from DriverEntry, count in the read completion routine,
 * detach + drain + delete in Unload.
 */
#include "kbdcount.h"

DRIVER_INITIALIZE     DriverEntry;
DRIVER_UNLOAD         KcUnload;
DRIVER_DISPATCH       KcPassThrough;
DRIVER_DISPATCH       KcPower;
DRIVER_DISPATCH       KcRead;
IO_COMPLETION_ROUTINE KcReadComplete;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KcUnload)
#endif

KC_GLOBALS g_Kc;

static ULONG
KcReadReportEvery(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"ReportEvery");
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    ULONG len, value = 0;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_QUERY_VALUE, &oa))) {
        return 0;
    }
    if (NT_SUCCESS(ZwQueryValueKey(key, &name, KeyValuePartialInformation, kv, sizeof(buf), &len)) &&
        kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
        value = *(PULONG)kv->Data;
    }
    ZwClose(key);
    return value;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(KC_TARGET);
    PKC_EXTENSION ext;
    NTSTATUS status;
    ULONG i;

    RtlZeroMemory(&g_Kc, sizeof(g_Kc));
    g_Kc.ReportEvery = KcReadReportEvery(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KcPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = KcRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KcPower;

    status = IoCreateDevice(DriverObject,
                            sizeof(KC_EXTENSION),
                            NULL,
                            FILE_DEVICE_KEYBOARD,
                            0,
                            FALSE,
                            &g_Kc.Filter);
    if (!NT_SUCCESS(status)) {
        KC_LOG("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    ext = (PKC_EXTENSION)g_Kc.Filter->DeviceExtension;
    ext->Lower = NULL;

    status = IoAttachDevice(g_Kc.Filter, &target, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        KC_LOG("IoAttachDevice(%wZ) failed 0x%08X", &target, status);
        IoDeleteDevice(g_Kc.Filter);
        g_Kc.Filter = NULL;
        return status;
    }

    /* buffering and power flags have to match the device below */
    g_Kc.Filter->Flags |= (ext->Lower->Flags & FILTER_FLAGS_MASK);
    g_Kc.Filter->DeviceType      = ext->Lower->DeviceType;
    g_Kc.Filter->Characteristics = ext->Lower->Characteristics;
    g_Kc.Filter->Flags &= ~DO_DEVICE_INITIALIZING;

    DriverObject->DriverUnload = KcUnload;

    KC_LOG("attached %p above %p", g_Kc.Filter, ext->Lower);
    return STATUS_SUCCESS;
}

VOID
KcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PKC_EXTENSION ext = (PKC_EXTENSION)g_Kc.Filter->DeviceExtension;
    LARGE_INTEGER delay;
    ULONG i;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* 1. no new IRPs reach us after this */
    IoDetachDevice(ext->Lower);

    /* 2. the read already parked in kbdclass still carries our
     *    completion routine; wait for it (next key press) */
    delay.QuadPart = -10000LL * KC_POLL_MS;
    while (InterlockedCompareExchange(&g_Kc.Pending, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    /* 3. nothing references the filter any more */
    IoDeleteDevice(g_Kc.Filter);
    g_Kc.Filter = NULL;

    KC_LOG("total keys: %ld", g_Kc.Total);
    for (i = 0; i < KC_SCANCODES; i++) {
        if (g_Kc.PerCode[i] != 0) {
            KC_LOG("  sc %02X: %ld", i, g_Kc.PerCode[i]);
        }
    }
}

NTSTATUS
KcPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKC_EXTENSION ext = (PKC_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
KcPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKC_EXTENSION ext = (PKC_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS
KcReadComplete(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PKEYBOARD_INPUT_DATA data;
    ULONG n, i;
    LONG total;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        data = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        n = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        for (i = 0; i < n; i++) {
            if ((data[i].Flags & KEY_BREAK) == 0 && data[i].MakeCode < KC_SCANCODES) {
                InterlockedIncrement(&g_Kc.PerCode[data[i].MakeCode]);
                total = InterlockedIncrement(&g_Kc.Total);
                if (g_Kc.ReportEvery && (total % (LONG)g_Kc.ReportEvery) == 0) {
                    KC_LOG("%ld keys so far", total);
                }
            }
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_Kc.Pending);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
KcRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKC_EXTENSION ext = (PKC_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    IoCopyCurrentIrpStackLocationToNext(Irp);

    /* IoSetCompletionRoutineEx holds a reference on our driver until
     * KcReadComplete has returned, so Unload can't pull the code out
     * from under it */
    status = IoSetCompletionRoutineEx(DeviceObject, Irp, KcReadComplete, NULL, TRUE, TRUE, TRUE);
    if (NT_SUCCESS(status)) {
        InterlockedIncrement(&g_Kc.Pending);
    }
    return IoCallDriver(ext->Lower, Irp);
}
