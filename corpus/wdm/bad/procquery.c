/*
 * procquery.c - legacy WDM driver that logs the image name of every process
 * created. It looks up ZwQueryInformationProcess at run time and keeps it in
 * a routine pointer of its own named after the export: the kit it targets
 * does not declare the routine, but the header model does, so entrycheck's
 * declaration yields to the driver's.
 *
 * BUG (DE006): when the control device cannot be created, DriverEntry fails
 * with the process-creation callback still registered; the kernel then calls
 * into a driver that is gone.
 */

#include <ntifs.h>

#define PQ_TAG 'yrQP'

typedef NTSTATUS (*QUERY_INFO_PROCESS)(HANDLE ProcessHandle, PROCESSINFOCLASS ProcessInformationClass,
                                       PVOID ProcessInformation, ULONG ProcessInformationLength,
                                       PULONG ReturnLength);

QUERY_INFO_PROCESS ZwQueryInformationProcess;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PqUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PqCreateClose;

static PDEVICE_OBJECT PqDevice;

static VOID
PqProcessCreated(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    ULONG needed = 0;
    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo == NULL) {
        return;
    }
    ZwQueryInformationProcess(NtCurrentProcess(), ProcessImageFileName, NULL, 0, &needed);
    DbgPrint("procquery: process %p needs %lu bytes for its image name\n", ProcessId, needed);
}

_Use_decl_annotations_
NTSTATUS
PqCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PqUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutineEx(PqProcessCreated, TRUE);
    IoDeleteDevice(PqDevice);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNICODE_STRING routine;
    UNICODE_STRING name;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlInitUnicodeString(&routine, L"ZwQueryInformationProcess");
    ZwQueryInformationProcess = (QUERY_INFO_PROCESS)MmGetSystemRoutineAddress(&routine);
    if (ZwQueryInformationProcess == NULL) {
        return STATUS_NOT_SUPPORTED;
    }

    status = PsSetCreateProcessNotifyRoutineEx(PqProcessCreated, FALSE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&name, L"\\Device\\ProcQuery");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &PqDevice);
    if (!NT_SUCCESS(status)) {
        return status; // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PqCreateClose;
    DriverObject->DriverUnload = PqUnload;
    return STATUS_SUCCESS;
}
