/*
 * idlecopy.c - a status-reporting driver that keeps its state name in a
 * fixed buffer. Copying a short literal into it cannot fail, nor can copying
 * a string held in an array no longer than the buffer, or a literal a macro
 * spells (in two pieces) that fits, so their status is
 * not checked; the optional WMI registration's status is ignored on
 * purpose, said with an explicit (VOID) cast.
 */

#include <ntddk.h>
#include <ntstrsafe.h>

#define IC_STATE_CHARS 32
#define IC_READY_TEXT L"ready, " \
    L"waiting"
#define IC_BANNER_TEXT L"idlecopy: a state buffer of thirty-two characters"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD IcUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH IcCreateClose;

static PDEVICE_OBJECT IcDevice;
static CHAR IcState[IC_STATE_CHARS];
static WCHAR IcStateW[IC_STATE_CHARS];
static WCHAR IcLastW[IC_STATE_CHARS];

VOID
IcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    (VOID)IoWMIRegistrationControl(IcDevice, WMIREG_ACTION_DEREGISTER);
    IoDeleteDevice(IcDevice);
}

NTSTATUS
IcCreateClose(
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
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\IdleCopy");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlStringCchCopyA(IcState, sizeof(IcState), "starting");
    RtlStringCchCopyW(IcStateW, IC_STATE_CHARS, IC_READY_TEXT);
    RtlStringCbCopyW(IcStateW, sizeof(IcStateW), L"starting");

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &IcDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    (VOID)IoWMIRegistrationControl(IcDevice, WMIREG_ACTION_REGISTER);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = IcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = IcCreateClose;
    DriverObject->DriverUnload = IcUnload;
    RtlStringCchCopyA(IcState, IC_STATE_CHARS, "idle");
    RtlStringCchCopyW(IcLastW, IC_STATE_CHARS, IcStateW);
    return STATUS_SUCCESS;
}
