/*
 * setupbits.c - a legacy WDM driver of a sensor log whose setup steps each
 * set one bit of a flag word; one teardown routine, called by the unload
 * routine and by DriverEntry's failure paths, undoes the steps whose bits
 * are set.
 */

#include <ntddk.h>

#define SB_DEVICE   0x1UL
#define SB_LINK     0x2UL
#define SB_NOTIFY   0x4UL

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SbUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH SbCreateClose;

static ULONG SbSetup;
static PDEVICE_OBJECT SbDevice;
static UNICODE_STRING SbDeviceName = RTL_CONSTANT_STRING(L"\\Device\\SensorLog");
static UNICODE_STRING SbLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\SensorLog");

static VOID
SbImageLoaded(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
}

NTSTATUS
SbCreateClose(
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

static VOID
SbTeardown(VOID)
{
    if (SbSetup & SB_NOTIFY) {
        PsRemoveLoadImageNotifyRoutine(SbImageLoaded);
    }
    if (SbSetup & SB_LINK) {
        IoDeleteSymbolicLink(&SbLinkName);
    }
    if (SbSetup & SB_DEVICE) {
        IoDeleteDevice(SbDevice);
    }
    SbSetup = 0;
}

static NTSTATUS
SbCreateLink(VOID)
{
    NTSTATUS status = IoCreateSymbolicLink(&SbLinkName, &SbDeviceName);
    if (NT_SUCCESS(status)) {
        SbSetup |= SB_LINK;
    }
    return status;
}

VOID
SbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    SbTeardown();
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = SbUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SbCreateClose;

    status = IoCreateDevice(DriverObject, 0, &SbDeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &SbDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    SbSetup |= SB_DEVICE;

    status = SbCreateLink();
    if (!NT_SUCCESS(status)) {
        SbTeardown();
        return status;
    }

    status = PsSetLoadImageNotifyRoutine(SbImageLoaded);
    if (!NT_SUCCESS(status)) {
        SbTeardown();
        return status;
    }
    SbSetup |= SB_NOTIFY;

    SbDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
