/*
 * kbdtune.c - legacy keyboard-monitor driver with eight registry tunables.
 * It creates its control device first (and gives up when it cannot) and
 * fills the dispatch table only when the device's link could be made,
 * remembering so in a flag; the tunables are read after, each under its own
 * test, so the final test of the flag is reached in 256 ways.
 * Every path that returns success has set MajorFunction and DriverUnload:
 * the flag is TRUE only on the paths that set them.
 */

#include <ntddk.h>

#define KT_TUNABLES 8

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KtUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH KtDispatch;

static PDEVICE_OBJECT KtDevice;
static UNICODE_STRING KtName = RTL_CONSTANT_STRING(L"\\Device\\KbdTune");
static UNICODE_STRING KtLink = RTL_CONSTANT_STRING(L"\\DosDevices\\KbdTune");
static ULONG KtTunable[KT_TUNABLES];
static ULONG KtFeatures;

VOID
KtUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&KtLink);
    IoDeleteDevice(KtDevice);
}

NTSTATUS
KtDispatch(
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

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    BOOLEAN ready = FALSE;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &KtName, FILE_DEVICE_KEYBOARD, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &KtDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&KtLink, &KtName);
    if (NT_SUCCESS(status)) {
        for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
            DriverObject->MajorFunction[i] = KtDispatch;
        }
        DriverObject->DriverUnload = KtUnload;
        ready = TRUE;
    }

    if (KtTunable[0]) KtFeatures |= 0x01;
    if (KtTunable[1]) KtFeatures |= 0x02;
    if (KtTunable[2]) KtFeatures |= 0x04;
    if (KtTunable[3]) KtFeatures |= 0x08;
    if (KtTunable[4]) KtFeatures |= 0x10;
    if (KtTunable[5]) KtFeatures |= 0x20;
    if (KtTunable[6]) KtFeatures |= 0x40;
    if (KtTunable[7]) KtFeatures |= 0x80;

    if (!ready) {                                        // the bug: success without a dispatch table
        return STATUS_SUCCESS;                          // expect: WDM001, WDM003
    }
    return STATUS_SUCCESS;
}
