/*
 * imgname.c - WDM driver of a license agent that logs the image name of
 * every process it sees. The kernel exports PsGetProcessImageFileName but no
 * kit header declares it, so the driver declares it itself with NTKERNELAPI
 * (__declspec(dllimport)). DriverEntry keeps a name cache in a global and
 * frees it on the failure path.
 *
 * Conforming: DE006 is checked past the imported routine, which can reach
 * only what it is given (the current process), not the driver's cache.
 */

#include <ntddk.h>

#define IN_TAG 'mNnI'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD InUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH InCreateClose;

NTKERNELAPI PCHAR PsGetProcessImageFileName(PEPROCESS Process);

static PCHAR InCache;
static PDEVICE_OBJECT InDevice;

_Use_decl_annotations_
NTSTATUS
InCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
InUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(InDevice);
    ExFreePoolWithTag(InCache, IN_TAG);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ImgName");
    NTSTATUS status;
    PCHAR self;

    UNREFERENCED_PARAMETER(RegistryPath);

    InCache = ExAllocatePool2(POOL_FLAG_NON_PAGED, PAGE_SIZE, IN_TAG);
    if (InCache == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    self = PsGetProcessImageFileName(PsGetCurrentProcess());
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "imgname: loaded by %s\n", self);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &InDevice);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(InCache, IN_TAG);
        InCache = NULL;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = InCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = InCreateClose;
    DriverObject->DriverUnload = InUnload;
    return STATUS_SUCCESS;
}
