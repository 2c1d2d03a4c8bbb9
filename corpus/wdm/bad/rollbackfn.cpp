/*
 * bad/rollbackfn.cpp - as wdm/rollbackfn.cpp, but the rollback lambda was
 * written before the thread callback was added: it undoes stages 1 and 2
 * only, so the image callback's failure returns with the thread callback
 * still registered (DE006).
 */

#include <ntddk.h>

static PDEVICE_OBJECT g_Device;
static UNICODE_STRING g_Name = RTL_CONSTANT_STRING(L"\\Device\\ThrdMon");
static UNICODE_STRING g_Link = RTL_CONSTANT_STRING(L"\\DosDevices\\ThrdMon");

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD TmUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) static DRIVER_DISPATCH TmCreateClose;

static void TmOnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);
    UNREFERENCED_PARAMETER(Create);
}

static void TmOnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
}

static NTSTATUS TmCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID TmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsRemoveLoadImageNotifyRoutine(TmOnImage);
    PsRemoveCreateThreadNotifyRoutine(TmOnThread);
    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(g_Device);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);
    int stage = 0;

    auto rollback = [&](NTSTATUS failure) -> NTSTATUS {
        DbgPrint("thrdmon: stage %d failed (0x%08X)\n", stage, failure);
        if (stage >= 2)
            IoDeleteSymbolicLink(&g_Link);
        if (stage >= 1)
            IoDeleteDevice(g_Device);
        return failure;
    };

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &g_Name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                                     FALSE, &g_Device);
    if (!NT_SUCCESS(status))
        return rollback(status);
    stage = 1;

    status = IoCreateSymbolicLink(&g_Link, &g_Name);
    if (!NT_SUCCESS(status))
        return rollback(status);
    stage = 2;

    status = PsSetCreateThreadNotifyRoutine(TmOnThread);
    if (!NT_SUCCESS(status))
        return rollback(status);
    stage = 3;

    status = PsSetLoadImageNotifyRoutine(TmOnImage);
    if (!NT_SUCCESS(status))
        return rollback(status); // expect: DE006
    stage = 4;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TmCreateClose;
    DriverObject->DriverUnload = TmUnload;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
