#include "procwatch.h"

PW_GLOBALS g_Pw;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PwUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   PwCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   PwDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PwUnload)
#pragma alloc_text(PAGE, PwCreateClose)
#endif

static NTSTATUS PwCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static VOID PwCopyImageName(PPW_EVENT_RECORD Rec, PCUNICODE_STRING Name)
{
    USHORT chars;

    if (Name == NULL || Name->Buffer == NULL || Name->Length == 0) {
        return;
    }

    chars = Name->Length / sizeof(WCHAR);
    if (chars >= PW_MAX_IMAGE_CHARS) {
        /* keep the tail, the file name is the interesting part */
        RtlCopyMemory(Rec->Image,
                      Name->Buffer + (chars - (PW_MAX_IMAGE_CHARS - 1)),
                      (PW_MAX_IMAGE_CHARS - 1) * sizeof(WCHAR));
        chars = PW_MAX_IMAGE_CHARS - 1;
    } else {
        RtlCopyMemory(Rec->Image, Name->Buffer, Name->Length);
    }
    Rec->Image[chars] = L'\0';
    Rec->ImageLength = chars;
}

VOID PwProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                     _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    PPW_EVENT_ENTRY entry;

    UNREFERENCED_PARAMETER(Process);

    entry = PwQueueAllocEntry();
    if (entry == NULL) {
        InterlockedIncrement(&g_Pw.Dropped);
        return;
    }

    KeQuerySystemTime(&entry->Record.Time);
    entry->Record.ProcessId = HandleToULong(ProcessId);

    if (CreateInfo != NULL) {
        entry->Record.Type     = PwProcessCreate;
        entry->Record.ParentId = HandleToULong(CreateInfo->ParentProcessId);
        PwCopyImageName(&entry->Record, CreateInfo->ImageFileName);
    } else {
        entry->Record.Type = PwProcessExit;
    }

    PwQueuePush(entry);
}

NTSTATUS PwCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    return PwCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS PwDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG     outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID     buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    ULONG     n;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PW_GET_EVENTS:
        if (outLen < sizeof(PW_EVENT_RECORD)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        n = PwQueueDrain((PPW_EVENT_RECORD)buffer, outLen / sizeof(PW_EVENT_RECORD));
        info = (ULONG_PTR)n * sizeof(PW_EVENT_RECORD);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PW_GET_STATS:
        if (outLen < sizeof(PW_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        PwQueueGetStats((PPW_STATS)buffer);
        info = sizeof(PW_STATS);
        status = STATUS_SUCCESS;
        break;

    default:
        PW_LOG("unknown ioctl 0x%08X", stack->Parameters.DeviceIoControl.IoControlCode);
        break;
    }

    return PwCompleteIrp(Irp, status, info);
}

VOID PwUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    PW_LOG("unloading");

    if (g_Pw.NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE);
        g_Pw.NotifyRegistered = FALSE;
    }

    IoDeleteSymbolicLink(&g_Pw.SymLink);
    IoDeleteDevice(g_Pw.DeviceObject);

    PwQueueDestroy();

    PW_LOG("bye (total %ld, dropped %ld)", g_Pw.Total, g_Pw.Dropped);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS       status;
    UNICODE_STRING devName;

    UNREFERENCED_PARAMETER(RegistryPath);

    PW_LOG("DriverEntry, built %s %s", __DATE__, __TIME__);

    RtlZeroMemory(&g_Pw, sizeof(g_Pw));
    RtlInitUnicodeString(&devName, PW_DEVICE_NAME);
    RtlInitUnicodeString(&g_Pw.SymLink, PW_SYMLINK_NAME);

    status = IoCreateDevice(DriverObject,
                            0,
                            &devName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Pw.DeviceObject);
    if (!NT_SUCCESS(status)) {
        PW_ERR("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_Pw.SymLink, &devName);
    if (!NT_SUCCESS(status)) {
        PW_ERR("IoCreateSymbolicLink failed 0x%08X", status);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwDeviceControl;
    DriverObject->DriverUnload                         = PwUnload;

    /* hook process creation (needs /INTEGRITYCHECK on the image) */
    status = PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PW_ERR("PsSetCreateProcessNotifyRoutineEx failed 0x%08X", status);
        IoDeleteSymbolicLink(&g_Pw.SymLink);
        IoDeleteDevice(g_Pw.DeviceObject);
        return status;
    }
    g_Pw.NotifyRegistered = TRUE;

    PwQueueInit();

    g_Pw.DeviceObject->Flags |= DO_BUFFERED_IO;
    g_Pw.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    PW_LOG("ready");
    return STATUS_SUCCESS;
}
