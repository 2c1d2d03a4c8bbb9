/*
 * hwwdog.c - legacy driver for the watchdog timer of the BX-7 server
 * management controller. The watchdog is armed at load time from the
 * "TimeoutSeconds" value; a zero timeout leaves it disarmed.
 *
 * BUG (DE009): the disarmed case was added late as an early exit without a
 * return value. With the timeout at zero the routine reaches its closing
 * brace and the I/O manager reads whatever EAX holds as the status: a
 * negative leftover unloads the driver, a positive one keeps it loaded
 * without its device.
 */

#include <ntddk.h>

#define HWWDOG_PORT ((PUCHAR)(ULONG_PTR)0x443)

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

static ULONG
HwWdogReadTimeout(PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG timeout = 0;
    ULONG none = 0;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"TimeoutSeconds";
    table[0].EntryContext = &timeout;
    table[0].DefaultType = REG_DWORD;
    table[0].DefaultData = &none;
    table[0].DefaultLength = sizeof(none);
    (VOID)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);
    return timeout;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\HwWdog");

    DriverObject->DriverUnload = HwWdogUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = HwWdogCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HwWdogCreateClose;

    gTimeoutSeconds = HwWdogReadTimeout(RegistryPath);
    if (gTimeoutSeconds != 0) {
        status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &gWdogDevice);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        WRITE_PORT_UCHAR(HWWDOG_PORT, (UCHAR)min(gTimeoutSeconds, 255));
        return STATUS_SUCCESS;
    }
    KdPrint(("hwwdog: watchdog disarmed\n"));
} // expect: DE009
