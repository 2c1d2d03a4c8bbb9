/*
 * ProcMon-lite: logs process / thread / image events into a ring buffer.
 * A client opens \\.\PmLite and calls ReadFile() to drain PM_EVENT records.
 *
 * needs /INTEGRITYCHECK for PsSetCreateProcessNotifyRoutineEx
 */
#include <ntifs.h>
#include <ntstrsafe.h>
#include "ring.h"

#define PM_DEVICE   L"\\Device\\PmLite"
#define PM_LINK     L"\\??\\PmLite"

#define DBG_PRINT(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "pmlite: " __VA_ARGS__)

typedef struct _PM_GLOBALS {
    PDEVICE_OBJECT  Device;
    PM_RING         Ring;
    BOOLEAN         LinkCreated;
    BOOLEAN         ProcessNotify;
    BOOLEAN         ThreadNotify;
    BOOLEAN         ImageNotify;
} PM_GLOBALS;

static PM_GLOBALS g;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PmUnload;
static DRIVER_DISPATCH PmCreateClose;
static DRIVER_DISPATCH PmRead;

static VOID PmOnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
static VOID PmOnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);
static VOID PmOnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

static VOID
PmCopyName(PWCHAR Dest, PCUNICODE_STRING Src)
{
    SIZE_T chars;
    PCWSTR start;

    Dest[0] = L'\0';
    if (Src == NULL || Src->Buffer == NULL) {
        return;
    }
    chars = Src->Length / sizeof(WCHAR);
    start = Src->Buffer;
    if (chars >= PM_NAME_CHARS) {
        /* keep the tail, that's the interesting part of a path */
        start += chars - (PM_NAME_CHARS - 1);
        chars = PM_NAME_CHARS - 1;
    }
    RtlStringCchCopyNW(Dest, PM_NAME_CHARS, start, chars);
}

static VOID
PmOnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    PM_EVENT ev;

    UNREFERENCED_PARAMETER(Process);

    RtlZeroMemory(&ev, sizeof(ev));
    KeQuerySystemTimePrecise(&ev.Time);
    ev.ProcessId = HandleToULong(ProcessId);

    if (CreateInfo != NULL) {
        ev.Kind = PmProcessCreate;
        ev.ParentId = HandleToULong(CreateInfo->ParentProcessId);
        PmCopyName(ev.Name, CreateInfo->ImageFileName);
    } else {
        ev.Kind = PmProcessExit;
    }

    RingPush(&g.Ring, &ev);
}

static VOID
PmOnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    PM_EVENT ev;

    RtlZeroMemory(&ev, sizeof(ev));
    KeQuerySystemTimePrecise(&ev.Time);
    ev.Kind = Create ? PmThreadCreate : PmThreadExit;
    ev.ProcessId = HandleToULong(ProcessId);
    ev.ThreadId = HandleToULong(ThreadId);

    RingPush(&g.Ring, &ev);
}

static VOID
PmOnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    PM_EVENT ev;

    RtlZeroMemory(&ev, sizeof(ev));
    KeQuerySystemTimePrecise(&ev.Time);
    ev.Kind = PmImageLoad;
    ev.ProcessId = HandleToULong(ProcessId);
    ev.ImageBase = (ULONG_PTR)ImageInfo->ImageBase;
    PmCopyName(ev.Name, FullImageName);

    RingPush(&g.Ring, &ev);
}

/* shared by the DriverEntry error path and unload */
static VOID
PmUnregisterAll(VOID)
{
    if (g.ImageNotify) {
        PsRemoveLoadImageNotifyRoutine(PmOnImage);
        g.ImageNotify = FALSE;
    }
    if (g.ThreadNotify) {
        PsRemoveCreateThreadNotifyRoutine(PmOnThread);
        g.ThreadNotify = FALSE;
    }
    if (g.ProcessNotify) {
        PsSetCreateProcessNotifyRoutine((PCREATE_PROCESS_NOTIFY_ROUTINE)PmOnProcess, TRUE);
        g.ProcessNotify = FALSE;
    }
}

static NTSTATUS
PmCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
PmRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG maxEvents = sp->Parameters.Read.Length / sizeof(PM_EVENT);
    ULONG got = 0;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (maxEvents == 0) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        got = RingPop(&g.Ring, (PPM_EVENT)Irp->AssociatedIrp.SystemBuffer, maxEvents);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = (ULONG_PTR)got * sizeof(PM_EVENT);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID
PmUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(PM_LINK);

    UNREFERENCED_PARAMETER(DriverObject);

    PmUnregisterAll();

    if (g.LinkCreated) {
        IoDeleteSymbolicLink(&link);
    }
    IoDeleteDevice(g.Device);

    DBG_PRINT("unloaded, %lu events dropped\n", g.Ring.Dropped);
    RingFree(&g.Ring);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PM_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(PM_LINK);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = PmUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = PmRead;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g.Device);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("IoCreateDevice 0x%08X\n", status);
        return status;
    }
    g.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("IoCreateSymbolicLink 0x%08X\n", status);
        goto fail;
    }
    g.LinkCreated = TRUE;

    status = PsSetCreateProcessNotifyRoutineEx(PmOnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("PsSetCreateProcessNotifyRoutineEx 0x%08X\n", status);
        goto fail;
    }
    g.ProcessNotify = TRUE;

    status = RingInit(&g.Ring, RING_CAPACITY);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("RingInit 0x%08X\n", status);
        goto fail;
    }

    status = PsSetCreateThreadNotifyRoutine(PmOnThread);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("PsSetCreateThreadNotifyRoutine 0x%08X\n", status);
        goto fail;
    }
    g.ThreadNotify = TRUE;

    status = PsSetLoadImageNotifyRoutine(PmOnImage);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("PsSetLoadImageNotifyRoutine 0x%08X\n", status);
        goto fail;
    }
    g.ImageNotify = TRUE;

    g.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    DBG_PRINT("loaded\n");
    return STATUS_SUCCESS;

fail:
    PmUnregisterAll();
    RingFree(&g.Ring);
    if (g.LinkCreated) {
        IoDeleteSymbolicLink(&link);
        g.LinkCreated = FALSE;
    }
    IoDeleteDevice(g.Device);
    g.Device = NULL;
    return status;
}
