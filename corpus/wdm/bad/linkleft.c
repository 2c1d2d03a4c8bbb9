/*
 * linkleft.c - legacy WDM driver of an application-control agent: a control
 * device and its symbolic link, a registry callback, an image-load callback
 * and a process-creation callback (the original, non-Ex form).
 *
 * BUG (DE011 x4): the unload routine deletes the link and means to remove
 * the process callback, but passes FALSE (register) where TRUE (remove)
 * belongs, and forgets the device, the registry callback and the image
 * callback: after unload the device stays in the object namespace and the
 * callbacks run in freed memory.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LlUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LlCreateClose;
EX_CALLBACK_FUNCTION LlRegistry;

static PDEVICE_OBJECT LlDevice;
static LARGE_INTEGER LlCookie;
static UNICODE_STRING LlLink = RTL_CONSTANT_STRING(L"\\DosDevices\\LinkLeft");

static VOID
LlProcess(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(Create);
}

static VOID
LlImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
}

_Use_decl_annotations_
NTSTATUS
LlRegistry(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
LlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutine(LlProcess, FALSE);
    IoDeleteSymbolicLink(&LlLink);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\LinkLeft");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, // expect: DE011
                            FILE_DEVICE_SECURE_OPEN, FALSE, &LlDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&LlLink, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(LlDevice);
        return status;
    }
    status = CmRegisterCallback(LlRegistry, NULL, &LlCookie); // expect: DE011
    if (!NT_SUCCESS(status)) {
        goto unlink;
    }
    status = PsSetLoadImageNotifyRoutine(LlImage);      // expect: DE011
    if (!NT_SUCCESS(status)) {
        goto unregister;
    }
    status = PsSetCreateProcessNotifyRoutine(LlProcess, FALSE); // expect: DE011
    if (!NT_SUCCESS(status)) {
        PsRemoveLoadImageNotifyRoutine(LlImage);
        goto unregister;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LlCreateClose;
    DriverObject->DriverUnload = LlUnload;
    return STATUS_SUCCESS;

unregister:
    CmUnRegisterCallback(LlCookie);
unlink:
    IoDeleteSymbolicLink(&LlLink);
    IoDeleteDevice(LlDevice);
    return status;
}
