/*
 * kbdhook.c - keystroke counter for a kiosk build: a legacy filter that
 * attaches its device on top of \Device\KeyboardClass0 by name
 * (IoAttachDevice) in DriverEntry and counts the key records that pass.
 *
 * BUG (DE006): when the device it lands on is no keyboard it deletes its
 * device without detaching it first, and fails the load with the keyboard
 * stack still pointing at it. BUG (DE011): unload deletes the device it
 * attached without IoDetachDevice.
 */

#include <ntddk.h>
#include <ntddkbd.h>

#define KH_TAG 'hdbK'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KhUnload;
DRIVER_DISPATCH KhPass;
_Dispatch_type_(IRP_MJ_READ)
DRIVER_DISPATCH KhRead;
IO_COMPLETION_ROUTINE KhReadDone;

typedef struct _KH_EXT {
    PDEVICE_OBJECT Lower;
} KH_EXT, *PKH_EXT;

typedef struct _KH_STATS {
    volatile LONG Keys;
    volatile LONG Pending;
} KH_STATS, *PKH_STATS;

static PDEVICE_OBJECT g_KhDevice;
static PKH_STATS g_KhStats;

NTSTATUS
KhReadDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        InterlockedExchangeAdd(&g_KhStats->Keys,
                               (LONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA)));
    }
    InterlockedDecrement(&g_KhStats->Pending);
    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
KhRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKH_EXT ext = (PKH_EXT)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KhReadDone, NULL, TRUE, TRUE, TRUE);
    InterlockedIncrement(&g_KhStats->Pending);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
KhPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKH_EXT ext = (PKH_EXT)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

VOID
KhUnload(PDRIVER_OBJECT DriverObject)
{
    LARGE_INTEGER tick;

    UNREFERENCED_PARAMETER(DriverObject);

    tick.QuadPart = -10 * 1000 * 50;
    while (g_KhStats->Pending > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
    }
    IoDeleteDevice(g_KhDevice);
    KdPrint(("kbdhook: %ld key records\n", g_KhStats->Keys));
    ExFreePoolWithTag(g_KhStats, KH_TAG);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(L"\\Device\\KeyboardClass0");
    PKH_EXT ext;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_KhStats = (PKH_STATS)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(KH_STATS), KH_TAG);
    if (g_KhStats == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KhPass;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = KhRead;

    status = IoCreateDevice(DriverObject, sizeof(KH_EXT), NULL, FILE_DEVICE_KEYBOARD, 0, FALSE,
                            &g_KhDevice);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_KhStats, KH_TAG);
        return status;
    }
    ext = (PKH_EXT)g_KhDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));

    status = IoAttachDevice(g_KhDevice, &target, &ext->Lower);        // expect: DE011
    if (!NT_SUCCESS(status)) {
        KdPrint(("kbdhook: attach failed %08X\n", status));
        IoDeleteDevice(g_KhDevice);
        ExFreePoolWithTag(g_KhStats, KH_TAG);
        return status;
    }

    /* KeyboardClass0 is a name: on a kiosk with a remapped class it is not a keyboard. */
    if (ext->Lower->DeviceType != FILE_DEVICE_KEYBOARD) {
        IoDeleteDevice(g_KhDevice);
        ExFreePoolWithTag(g_KhStats, KH_TAG);
        return STATUS_NOT_SUPPORTED;                                      // expect: DE006
    }

    g_KhDevice->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO);
    g_KhDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    DriverObject->DriverUnload = KhUnload;
    return STATUS_SUCCESS;
}
