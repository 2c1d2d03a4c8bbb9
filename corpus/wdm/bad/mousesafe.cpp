/*
 * mousesafe.cpp (violating) - the twin of ../mousesafe.cpp that never
 * looks at IoAttachDeviceToDeviceStackSafe's status: when the attach fails,
 * s_Lower is NULL, its flags are read through it, and Attach reports
 * success.
 * Expected: DE005, at the attach.
 */

#include <ntddk.h>

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD MsUnload;
_Dispatch_type_(IRP_MJ_READ) _Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH MsPass;

class MouseTap {
public:
    static NTSTATUS Attach(PDRIVER_OBJECT DriverObject);
    static VOID Detach();
    static PDEVICE_OBJECT s_Filter;
    static PDEVICE_OBJECT s_Lower;
    static PDEVICE_OBJECT s_Target;
    static PFILE_OBJECT s_TargetFile;
};

PDEVICE_OBJECT MouseTap::s_Filter;
PDEVICE_OBJECT MouseTap::s_Lower;
PDEVICE_OBJECT MouseTap::s_Target;
PFILE_OBJECT MouseTap::s_TargetFile;

NTSTATUS
MouseTap::Attach(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\PointerClass0");
    NTSTATUS status = IoGetDeviceObjectPointer(&name, FILE_READ_DATA, &s_TargetFile, &s_Target);
    if (!NT_SUCCESS(status))
        return status;

    status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_MOUSE, 0, FALSE, &s_Filter);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(s_TargetFile);
        return status;
    }

    status = IoAttachDeviceToDeviceStackSafe(s_Filter, s_Target, &s_Lower);    // expect: DE005
    s_Filter->Flags |= s_Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    s_Filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
MouseTap::Detach()
{
    IoDetachDevice(s_Lower);
    IoDeleteDevice(s_Filter);
    ObDereferenceObject(s_TargetFile);
}

NTSTATUS
MsPass(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(MouseTap::s_Lower, Irp);
}

VOID
MsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    MouseTap::Detach();
}

extern "C" NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = MsPass;

    NTSTATUS status = MouseTap::Attach(DriverObject);
    if (!NT_SUCCESS(status))
        return status;

    DriverObject->DriverUnload = MsUnload;
    return STATUS_SUCCESS;
}
