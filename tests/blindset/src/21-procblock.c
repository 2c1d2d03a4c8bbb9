// procblock - deny process creation for image names in a list set via IOCTL
// uses PsSetCreateProcessNotifyRoutineEx and CreateInfo->CreationStatus

#include <ntddk.h>

#define PB_TAG 'kBrP'
#define IOCTL_PB_SET_NAME CTL_CODE(FILE_DEVICE_UNKNOWN, 0x850, METHOD_BUFFERED, FILE_WRITE_ACCESS)

static WCHAR g_BlockName[64];
static ERESOURCE g_NameLock;
static PDEVICE_OBJECT g_PbDevice;

static VOID PbNotify(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info)
{
    UNICODE_STRING block;

    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(Pid);

    if (Info == NULL || Info->ImageFileName == NULL)
        return;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&g_NameLock, TRUE);
    RtlInitUnicodeString(&block, g_BlockName);
    if (block.Length != 0 && Info->ImageFileName->Length >= block.Length) {
        UNICODE_STRING tail;
        tail.Buffer = (PWCH)((PUCHAR)Info->ImageFileName->Buffer + Info->ImageFileName->Length - block.Length);
        tail.Length = tail.MaximumLength = block.Length;
        if (RtlEqualUnicodeString(&tail, &block, TRUE)) {
            Info->CreationStatus = STATUS_ACCESS_DENIED;
        }
    }
    ExReleaseResourceLite(&g_NameLock);
    KeLeaveCriticalRegion();
}

static NTSTATUS PbDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        ULONG len = sp->Parameters.DeviceIoControl.InputBufferLength;
        if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_PB_SET_NAME) {
            status = STATUS_INVALID_DEVICE_REQUEST;
        } else if (len >= sizeof(g_BlockName)) {
            status = STATUS_INVALID_PARAMETER;
        } else {
            KeEnterCriticalRegion();
            ExAcquireResourceExclusiveLite(&g_NameLock, TRUE);
            RtlZeroMemory(g_BlockName, sizeof(g_BlockName));
            RtlCopyMemory(g_BlockName, Irp->AssociatedIrp.SystemBuffer, len & ~1u);
            ExReleaseResourceLite(&g_NameLock);
            KeLeaveCriticalRegion();
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID PbUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\??\\ProcBlock");
    UNREFERENCED_PARAMETER(DriverObject);

    PsSetCreateProcessNotifyRoutineEx(PbNotify, TRUE);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_PbDevice);
    ExDeleteResourceLite(&g_NameLock);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ProcBlock");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\??\\ProcBlock");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(g_BlockName, sizeof(g_BlockName));
    status = ExInitializeResourceLite(&g_NameLock);
    if (!NT_SUCCESS(status))
        return status;

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_PbDevice);
    if (!NT_SUCCESS(status)) {
        ExDeleteResourceLite(&g_NameLock);
        return status;
    }
    g_PbDevice->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &name);

    status = PsSetCreateProcessNotifyRoutineEx(PbNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(g_PbDevice);
        ExDeleteResourceLite(&g_NameLock);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PbDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PbDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PbDispatch;
    DriverObject->DriverUnload = PbUnload;
    g_PbDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    return STATUS_SUCCESS;
}
