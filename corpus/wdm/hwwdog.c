/*
 * hwwdog.c - legacy driver for the watchdog timer of the BX-7 server
 * management controller. The watchdog is armed at load time from the
 * "TimeoutSeconds" value. A controller that reports a stuck counter cannot
 * be trusted to reset the machine, and the platform policy is to stop at
 * once; the routine therefore ends in a bug check, which never returns.
 */

#include <ntddk.h>

#define HWWDOG_PORT        ((PUCHAR)(ULONG_PTR)0x443)
#define HWWDOG_STATUS_PORT ((PUCHAR)(ULONG_PTR)0x444)
#define HWWDOG_STUCK       0x80
#define HWWDOG_BUGCHECK    0xE2

static ULONG gTimeoutSeconds;
static PDEVICE_OBJECT gWdogDevice;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HwWdogUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH HwWdogCreateClose;

NTSTATUS
HwWdogCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
HwWdogUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    WRITE_PORT_UCHAR(HWWDOG_PORT, 0);
    if (gWdogDevice != NULL) {
        IoDeleteDevice(gWdogDevice);
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status;
    UCHAR state;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\HwWdog");

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = HwWdogUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = HwWdogCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HwWdogCreateClose;

    gTimeoutSeconds = 60;
    state = READ_PORT_UCHAR(HWWDOG_STATUS_PORT);
    if ((state & HWWDOG_STUCK) == 0) {
        status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &gWdogDevice);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        WRITE_PORT_UCHAR(HWWDOG_PORT, (UCHAR)gTimeoutSeconds);
        return STATUS_SUCCESS;
    }
    KeBugCheckEx(HWWDOG_BUGCHECK, (ULONG_PTR)state, 0, 0, 0);
}
