/*
 * ifwatch.c - "ifwatch": counts the keyboard interfaces that come and go,
 * dims a status LED when the console display turns off, and samples both
 * once a second with the device's I/O timer. Everything the three routines
 * read is set up before the registration that starts each: the interface
 * list and its mutex before IoRegisterPlugPlayNotification (which, given
 * PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES, calls back for
 * every present interface before it returns), the display event before
 * PoRegisterPowerSettingCallback (which calls back at once with the current
 * setting), and the sample lock before IoStartTimer.
 *
 * BUG (DE014, three times): this one sets up each of them just after the
 * registration that starts its reader: a keyboard present at load takes an
 * uninitialized fast mutex and inserts into a zeroed list head, the first
 * display setting signals an uninitialized event, and a tick can take the
 * sample lock before it is initialized.
 */

#include <ntddk.h>

#define IW_TAG 'wfIA'

typedef struct _IW_ARRIVAL {
    LIST_ENTRY Link;
    ULONG      Sequence;
} IW_ARRIVAL, *PIW_ARRIVAL;

typedef struct _IW_GLOBALS {
    FAST_MUTEX     ListLock;
    LIST_ENTRY     Arrivals;
    ULONG          Sequence;
    KEVENT         DisplayChanged;
    ULONG          DisplayState;
    KSPIN_LOCK     SampleLock;
    ULONG          Samples;
    PVOID          PnpEntry;
    PVOID          PowerHandle;
    PDEVICE_OBJECT Device;
} IW_GLOBALS;

static IW_GLOBALS g_Iw;

/* {884b96c3-56ef-11d1-bc8c-00a0c91405dd}: keyboard interfaces */
DEFINE_GUID(IW_KEYBOARD_INTERFACE, 0x884b96c3, 0x56ef, 0x11d1, 0xbc, 0x8c, 0x00, 0xa0, 0xc9, 0x14, 0x05, 0xdd);
/* {6fe69556-704a-47a0-8f24-c28d936fda47}: console display state */
DEFINE_GUID(IW_DISPLAY_STATE, 0x6fe69556, 0x704a, 0x47a0, 0x8f, 0x24, 0xc2, 0x8d, 0x93, 0x6f, 0xda, 0x47);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD IwUnload;
DRIVER_NOTIFICATION_CALLBACK_ROUTINE IwInterfaceChange;
POWER_SETTING_CALLBACK IwDisplayState;
IO_TIMER_ROUTINE IwTick;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH IwCreateClose;

NTSTATUS
IwInterfaceChange(
    _In_ PVOID NotificationStructure,
    _Inout_opt_ PVOID Context
    )
{
    PDEVICE_INTERFACE_CHANGE_NOTIFICATION change = (PDEVICE_INTERFACE_CHANGE_NOTIFICATION)NotificationStructure;
    IW_GLOBALS *g = (IW_GLOBALS *)Context;
    PIW_ARRIVAL arrival;

    if (!IsEqualGUID(&change->Event, &GUID_DEVICE_INTERFACE_ARRIVAL)) {
        return STATUS_SUCCESS;
    }
    arrival = (PIW_ARRIVAL)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(*arrival), IW_TAG);
    if (arrival == NULL) {
        return STATUS_SUCCESS;
    }
    ExAcquireFastMutex(&g->ListLock);
    arrival->Sequence = ++g->Sequence;
    InsertTailList(&g->Arrivals, &arrival->Link);
    ExReleaseFastMutex(&g->ListLock);
    return STATUS_SUCCESS;
}

NTSTATUS
IwDisplayState(
    _In_ LPCGUID SettingGuid,
    _In_reads_bytes_(ValueLength) PVOID Value,
    _In_ ULONG ValueLength,
    _Inout_opt_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(SettingGuid);
    UNREFERENCED_PARAMETER(Context);

    if (ValueLength == sizeof(ULONG)) {
        g_Iw.DisplayState = *(PULONG)Value;
        KeSetEvent(&g_Iw.DisplayChanged, IO_NO_INCREMENT, FALSE);
    }
    return STATUS_SUCCESS;
}

VOID
IwTick(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_opt_ PVOID Context
    )
{
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    KeAcquireSpinLock(&g_Iw.SampleLock, &irql);
    g_Iw.Samples++;
    KeReleaseSpinLock(&g_Iw.SampleLock, irql);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\IfWatch");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_Iw.Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoInitializeTimer(g_Iw.Device, IwTick, NULL);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Iw.Device);
        return status;
    }

    status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange, // expect: DE014
                                            PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                            (PVOID)&IW_KEYBOARD_INTERFACE, DriverObject,
                                            IwInterfaceChange, &g_Iw, &g_Iw.PnpEntry);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Iw.Device);
        return status;
    }
    ExInitializeFastMutex(&g_Iw.ListLock);
    InitializeListHead(&g_Iw.Arrivals);

    status = PoRegisterPowerSettingCallback(g_Iw.Device, &IW_DISPLAY_STATE, IwDisplayState, NULL, // expect: DE014
                                            &g_Iw.PowerHandle);
    if (!NT_SUCCESS(status)) {
        IoUnregisterPlugPlayNotificationEx(g_Iw.PnpEntry);
        IoDeleteDevice(g_Iw.Device);
        return status;
    }
    KeInitializeEvent(&g_Iw.DisplayChanged, NotificationEvent, FALSE);

    IoStartTimer(g_Iw.Device); // expect: DE014
    KeInitializeSpinLock(&g_Iw.SampleLock);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = IwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = IwCreateClose;
    DriverObject->DriverUnload = IwUnload;
    return STATUS_SUCCESS;
}

VOID
IwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    IoStopTimer(g_Iw.Device);
    PoUnregisterPowerSettingCallback(g_Iw.PowerHandle);
    IoUnregisterPlugPlayNotificationEx(g_Iw.PnpEntry);
    while (!IsListEmpty(&g_Iw.Arrivals)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&g_Iw.Arrivals), IW_ARRIVAL, Link), IW_TAG);
    }
    IoDeleteDevice(g_Iw.Device);
}

NTSTATUS
IwCreateClose(
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
