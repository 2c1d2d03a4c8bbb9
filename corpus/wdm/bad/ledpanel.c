/*
 * ledpanel.c - legacy driver for the 7-segment status panel of the SP-3
 * storage appliance. The panel text can be overridden per site with the
 * "BannerText" value of the service key, which the IOCTL path re-reads on
 * IOCTL_LEDPANEL_RELOAD long after DriverEntry has returned.
 *
 * BUG (DE004): the service key path is kept by copying the UNICODE_STRING
 * header, i.e. the pointer to the I/O manager's buffer, which is freed when
 * DriverEntry returns. The reload IOCTL then reads freed pool.
 */

#include <ntddk.h>

#define LEDPANEL_PORT   ((PUCHAR)(ULONG_PTR)0x2E0)

#define IOCTL_LEDPANEL_RELOAD \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x860, METHOD_NEITHER, FILE_WRITE_ACCESS)

static UNICODE_STRING gRegistryPath;
static WCHAR gBanner[16] = L"READY";

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LedPanelUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LedPanelCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH LedPanelIoctl;

static UNICODE_STRING LedDeviceName = RTL_CONSTANT_STRING(L"\\Device\\LedPanel");
static UNICODE_STRING LedLinkName   = RTL_CONSTANT_STRING(L"\\DosDevices\\LedPanel");

static VOID
LedPanelReadBanner(VOID)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    UNICODE_STRING banner;

    banner.Buffer = gBanner;
    banner.Length = 0;
    banner.MaximumLength = sizeof(gBanner) - sizeof(WCHAR);

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_NOEXPAND;
    table[0].Name = L"BannerText";
    table[0].EntryContext = &banner;

    /* Optional value: keep the previous banner when it is absent. */
    (VOID)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                 gRegistryPath.Buffer, table, NULL, NULL);
}

static VOID
LedPanelShow(VOID)
{
    ULONG i;

    for (i = 0; i < 8 && gBanner[i] != UNICODE_NULL; i++) {
        WRITE_PORT_UCHAR(LEDPANEL_PORT + i, (UCHAR)gBanner[i]);
    }
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PDEVICE_OBJECT device;
    NTSTATUS status;

    gRegistryPath = *RegistryPath;                      // expect: DE004

    status = IoCreateDevice(DriverObject, 0, &LedDeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&LedLinkName, &LedDeviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    LedPanelReadBanner();
    LedPanelShow();

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = LedPanelCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = LedPanelCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LedPanelIoctl;
    DriverObject->DriverUnload = LedPanelUnload;

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
LedPanelUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    IoDeleteSymbolicLink(&LedLinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS
LedPanelCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
LedPanelIoctl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_LEDPANEL_RELOAD) {
        LedPanelReadBanner();           /* gRegistryPath.Buffer is stale here */
        LedPanelShow();
        status = STATUS_SUCCESS;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
