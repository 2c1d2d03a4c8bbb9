/*
 * procwatch.c
 *
 * Small process / image-load monitor. Keeps the last PROCWATCH_MAX_EVENTS
 * events in a ring buffer that procwatch-cli.exe reads with
 * IOCTL_PROCWATCH_GET_EVENTS, and mirrors everything to an ETW provider so
 * you can watch it live with `tracelog` / `logman`.
 *
 * Build: WDK, link with /INTEGRITYCHECK (PsSetCreateProcessNotifyRoutineEx
 * fails with STATUS_ACCESS_DENIED otherwise).
 *
 * Tested on Win10 21H2 x64 in a VM with test signing on.
 */
#include <ntddk.h>
#include <ntstrsafe.h>
#include <evntprov.h>

#include "procwatch.h"

/* {5B1C6E3A-9D0F-4C61-A7C3-2E4B8F1D7A90} */
static const GUID ProcWatchProviderGuid =
{ 0x5b1c6e3a, 0x9d0f, 0x4c61, { 0xa7, 0xc3, 0x2e, 0x4b, 0x8f, 0x1d, 0x7a, 0x90 } };

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PwUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PwCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PwDeviceControl;

static VOID PwProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
static VOID PwImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

/* globals */
static PDEVICE_OBJECT g_DeviceObject = NULL;
static REGHANDLE      g_EtwHandle = 0;

static KSPIN_LOCK     g_Lock;
static PW_EVENT       g_Events[PROCWATCH_MAX_EVENTS];
static ULONG          g_Head;      /* next slot to write */
static ULONG          g_Count;     /* number of valid events */
static volatile LONG  g_Dropped;

/* ------------------------------------------------------------------------ */

static VOID
PwEtwTrace(PCWSTR Fmt, ...)
{
    WCHAR buffer[384];
    va_list args;

    if (g_EtwHandle == 0) {
        return;
    }

    va_start(args, Fmt);
    if (NT_SUCCESS(RtlStringCchVPrintfW(buffer, RTL_NUMBER_OF(buffer), Fmt, args))) {
        EtwWriteString(g_EtwHandle, 4 /* TRACE_LEVEL_INFORMATION */, 0, NULL, buffer);
    }
    va_end(args);
}

static VOID
PwPushEvent(PW_EVENT_TYPE Type, HANDLE Pid, HANDLE ParentPid, PCUNICODE_STRING Path)
{
    KIRQL oldIrql;
    PW_EVENT ev;            /* built on the stack, the path may be paged */
    USHORT bytes = 0;

    RtlZeroMemory(&ev, sizeof(ev));
    ev.Type = Type;
    ev.ProcessId = HandleToULong(Pid);
    ev.ParentId = HandleToULong(ParentPid);
    KeQuerySystemTimePrecise(&ev.Time);

    if (Path != NULL && Path->Buffer != NULL) {
        bytes = Path->Length;
        if (bytes > (PROCWATCH_MAX_PATH - 1) * sizeof(WCHAR)) {
            bytes = (PROCWATCH_MAX_PATH - 1) * sizeof(WCHAR);
        }
        RtlCopyMemory(ev.Path, Path->Buffer, bytes);
    }

    KeAcquireSpinLock(&g_Lock, &oldIrql);

    g_Events[g_Head] = ev;
    g_Head = (g_Head + 1) % PROCWATCH_MAX_EVENTS;
    if (g_Count < PROCWATCH_MAX_EVENTS) {
        g_Count++;
    } else {
        InterlockedIncrement(&g_Dropped);
    }

    KeReleaseSpinLock(&g_Lock, oldIrql);
}

/* ------------------------------------------------------------------------ */

static VOID
PwProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        PwPushEvent(PwProcessCreate, ProcessId, CreateInfo->ParentProcessId,
                    CreateInfo->ImageFileName);

        if (CreateInfo->ImageFileName != NULL) {
            PwEtwTrace(L"create pid=%lu ppid=%lu %wZ",
                       HandleToULong(ProcessId),
                       HandleToULong(CreateInfo->ParentProcessId),
                       CreateInfo->ImageFileName);
        }
    } else {
        PwPushEvent(PwProcessExit, ProcessId, NULL, NULL);
        PwEtwTrace(L"exit pid=%lu", HandleToULong(ProcessId));
    }
}

static VOID
PwImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    /* only user mode images, kernel images show up with pid 0 */
    if (ProcessId == NULL || ImageInfo->SystemModeImage) {
        return;
    }

    PwPushEvent(PwImageLoad, ProcessId, NULL, FullImageName);

    if (FullImageName != NULL) {
        PwEtwTrace(L"image pid=%lu base=%p %wZ",
                   HandleToULong(ProcessId), ImageInfo->ImageBase, FullImageName);
    }
}

/* ------------------------------------------------------------------------ */

NTSTATUS
PwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PwDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_PROCWATCH_GET_EVENTS:
    {
        ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
        PPW_EVENT out = (PPW_EVENT)Irp->AssociatedIrp.SystemBuffer;
        ULONG maxOut = outLen / sizeof(PW_EVENT);
        ULONG n, i, start;

        if (maxOut == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }

        KeAcquireSpinLock(&g_Lock, &oldIrql);
        n = min(maxOut, g_Count);
        /* oldest event first */
        start = (g_Head + PROCWATCH_MAX_EVENTS - g_Count) % PROCWATCH_MAX_EVENTS;
        for (i = 0; i < n; i++) {
            out[i] = g_Events[(start + i) % PROCWATCH_MAX_EVENTS];
        }
        g_Count -= n;
        KeReleaseSpinLock(&g_Lock, oldIrql);

        info = (ULONG_PTR)n * sizeof(PW_EVENT);
        status = STATUS_SUCCESS;
        break;
    }

    case IOCTL_PROCWATCH_CLEAR:
        KeAcquireSpinLock(&g_Lock, &oldIrql);
        g_Head = 0;
        g_Count = 0;
        KeReleaseSpinLock(&g_Lock, oldIrql);
        InterlockedExchange(&g_Dropped, 0);
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

/* ------------------------------------------------------------------------ */

VOID
PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName;

    PsRemoveLoadImageNotifyRoutine(PwImageNotify);
    PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE);

    RtlInitUnicodeString(&linkName, PROCWATCH_SYMLINK_NAME);
    IoDeleteSymbolicLink(&linkName);

    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }

    DbgPrint("procwatch: unloaded (%ld events dropped)\n", g_Dropped);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName;
    UNICODE_STRING linkName;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeSpinLock(&g_Lock);
    g_Head = 0;
    g_Count = 0;
    g_Dropped = 0;

    /* ETW is optional, we still work without it */
    status = EtwRegister(&ProcWatchProviderGuid, NULL, NULL, &g_EtwHandle);
    if (!NT_SUCCESS(status)) {
        DbgPrint("procwatch: EtwRegister failed 0x%08X, continuing\n", status);
        g_EtwHandle = 0;
    }

    status = PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        DbgPrint("procwatch: PsSetCreateProcessNotifyRoutineEx 0x%08X (/INTEGRITYCHECK?)\n", status);
        return status;
    }

    status = PsSetLoadImageNotifyRoutine(PwImageNotify);
    if (!NT_SUCCESS(status)) {
        DbgPrint("procwatch: PsSetLoadImageNotifyRoutine 0x%08X\n", status);
        PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE);
        return status;
    }

    RtlInitUnicodeString(&devName, PROCWATCH_DEVICE_NAME);
    status = IoCreateDevice(DriverObject,
                            0,
                            &devName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        DbgPrint("procwatch: IoCreateDevice 0x%08X\n", status);
        goto fail_image;
    }

    RtlInitUnicodeString(&linkName, PROCWATCH_SYMLINK_NAME);
    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("procwatch: IoCreateSymbolicLink 0x%08X\n", status);
        goto fail_device;
    }

    g_DeviceObject->Flags |= DO_BUFFERED_IO;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwDeviceControl;
    DriverObject->DriverUnload = PwUnload;

    g_DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    PwEtwTrace(L"procwatch loaded");
    DbgPrint("procwatch: loaded\n");
    return STATUS_SUCCESS;

fail_device:
    IoDeleteDevice(g_DeviceObject);
    g_DeviceObject = NULL;
fail_image:
    PsRemoveLoadImageNotifyRoutine(PwImageNotify);
    return status;
}
