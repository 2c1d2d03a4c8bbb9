#include "ThreadShield.h"

//
// HandleKit - thread protection + handle inspection, lab driver
//

#define HK_DEVICE_NAME  L"\\Device\\HandleKit"
#define HK_LINK_NAME    L"\\??\\HandleKit"

#define HK_IOCTL(n, m)  CTL_CODE(0x8555, 0x800 + (n), (m), FILE_ANY_ACCESS)

#define IOCTL_HK_PROTECT_TID    HK_IOCTL(0, METHOD_BUFFERED)
#define IOCTL_HK_UNPROTECT_TID  HK_IOCTL(1, METHOD_BUFFERED)
#define IOCTL_HK_CLEAR          HK_IOCTL(2, METHOD_BUFFERED)
#define IOCTL_HK_QUERY_HANDLE   HK_IOCTL(3, METHOD_BUFFERED)

struct HkHandleRequest {
    ULONG   ProcessId;
    ULONG   Reserved;
    ULONG64 Handle;
};

struct HkHandleReply {
    ULONG64 Object;
    ULONG   GrantedAccess;
    ULONG   Attributes;
};

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HkUnload;
DRIVER_DISPATCH HkCreateClose;
DRIVER_DISPATCH HkDeviceControl;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(HK_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(HK_LINK_NAME);

    hk::ThreadShield::Init();

    hk::DeviceGuard device;
    // the handle query hands out kernel addresses: admins and SYSTEM only
    auto status = IoCreateDeviceSecure(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                       FILE_DEVICE_SECURE_OPEN, FALSE,
                                       &SDDL_DEVOBJ_SYS_ALL_ADM_ALL, nullptr,
                                       device.Address());
    if (!NT_SUCCESS(status)) {
        KdPrint((HK_PREFIX "IoCreateDeviceSecure failed 0x%08X\n", status));
        return status;
    }

    hk::SymLinkGuard link;
    status = link.Create(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint((HK_PREFIX "IoCreateSymbolicLink failed 0x%08X\n", status));
        return status;                      // guard deletes the device
    }

    status = hk::ThreadShield::Register();
    if (!NT_SUCCESS(status))
        return status;                      // guards undo link + device

    status = PsSetCreateThreadNotifyRoutine(hk::ThreadShield::OnThreadNotify);
    if (!NT_SUCCESS(status)) {
        KdPrint((HK_PREFIX "PsSetCreateThreadNotifyRoutine failed 0x%08X\n", status));
        hk::ThreadShield::Unregister();
        return status;
    }

    DriverObject->DriverUnload = HkUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = HkCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HkCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HkDeviceControl;

    // everything is in place, keep it
    link.Release();
    device.Get()->Flags &= ~DO_DEVICE_INITIALIZING;
    device.Release();

    KdPrint((HK_PREFIX "loaded\n"));
    return STATUS_SUCCESS;
}

void HkUnload(PDRIVER_OBJECT DriverObject)
{
    // reverse order of DriverEntry
    PsRemoveCreateThreadNotifyRoutine(hk::ThreadShield::OnThreadNotify);
    hk::ThreadShield::Unregister();

    UNICODE_STRING linkName = RTL_CONSTANT_STRING(HK_LINK_NAME);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(DriverObject->DeviceObject);

    KdPrint((HK_PREFIX "unloaded\n"));
}

NTSTATUS HkCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS HkDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto sp = IoGetCurrentIrpStackLocation(Irp);
    auto inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    auto outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    auto buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_HK_PROTECT_TID:
    case IOCTL_HK_UNPROTECT_TID: {
        if (inLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        auto tid = *static_cast<ULONG*>(buffer);
        bool ok = sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_HK_PROTECT_TID
                      ? hk::ThreadShield::Add(tid)
                      : hk::ThreadShield::Remove(tid);
        if (!ok)
            status = STATUS_UNSUCCESSFUL;
        break;
    }

    case IOCTL_HK_CLEAR:
        hk::ThreadShield::Clear();
        break;

    case IOCTL_HK_QUERY_HANDLE: {
        if (inLen < sizeof(HkHandleRequest) || outLen < sizeof(HkHandleReply)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        auto req = *static_cast<HkHandleRequest*>(buffer);   // copy, same buffer is the output
        HkHandleReply reply = {};
        status = hk::QueryHandle(req.ProcessId, req.Handle, &reply.Object,
                                 &reply.GrantedAccess, &reply.Attributes);
        if (NT_SUCCESS(status)) {
            *static_cast<HkHandleReply*>(buffer) = reply;
            info = sizeof(reply);
        }
        break;
    }

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
