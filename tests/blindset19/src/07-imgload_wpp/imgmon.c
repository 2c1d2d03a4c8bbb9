/*
 * imgmon.c - image load monitor
 *
 * Keeps the last IM_MAX_RECORDS image loads (process id, base, size and
 * the tail of the path) in a ring; \\.\ImgMon IOCTL_IM_SNAPSHOT copies the
 * ring out.  Tracing is WPP style, see trace.h.
 */
#include <ntddk.h>
#include "trace.h"

#ifdef IMGMON_USE_WPP
#include "imgmon.tmh"
#endif

#define IM_TAG              'nMmI'
#define IM_MAX_RECORDS      128
#define IM_NAME_CHARS       96
#define IM_DEVICE_NAME      L"\\Device\\ImgMon"
#define IM_LINK_NAME        L"\\DosDevices\\ImgMon"

#define IOCTL_IM_SNAPSHOT   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_IM_RESET      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x841, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _IM_RECORD {
    ULONG64 ProcessId;
    ULONG64 ImageBase;
    ULONG64 ImageSize;
    ULONG   Flags;                  /* 1 = kernel image */
    WCHAR   Name[IM_NAME_CHARS];
} IM_RECORD, *PIM_RECORD;

typedef struct _IM_GLOBALS {
    PDEVICE_OBJECT Device;
    BOOLEAN        LinkCreated;
    BOOLEAN        NotifyRegistered;
    KGUARDED_MUTEX Lock;
    PIM_RECORD     Records;
    ULONG          Next;
    ULONG          Total;
} IM_GLOBALS;

static IM_GLOBALS g_Im;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD ImUnload;
static DRIVER_DISPATCH ImCreateClose;
static DRIVER_DISPATCH ImDeviceControl;
static VOID ImLoadImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo);

static VOID
ImLoadImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    PIM_RECORD rec;
    USHORT chars = 0;
    USHORT skip = 0;

    KeAcquireGuardedMutex(&g_Im.Lock);

    rec = &g_Im.Records[g_Im.Next];
    RtlZeroMemory(rec, sizeof(*rec));
    rec->ProcessId = (ULONG64)(ULONG_PTR)ProcessId;
    rec->ImageBase = (ULONG64)(ULONG_PTR)ImageInfo->ImageBase;
    rec->ImageSize = ImageInfo->ImageSize;
    rec->Flags = ImageInfo->SystemModeImage ? 1 : 0;

    if (FullImageName != NULL && FullImageName->Buffer != NULL) {
        chars = FullImageName->Length / sizeof(WCHAR);
        if (chars >= IM_NAME_CHARS) {
            skip = chars - (IM_NAME_CHARS - 1);      /* keep the tail, it has the file name */
            chars = IM_NAME_CHARS - 1;
        }
        RtlCopyMemory(rec->Name, FullImageName->Buffer + skip, chars * sizeof(WCHAR));
    }

    g_Im.Next = (g_Im.Next + 1) % IM_MAX_RECORDS;
    g_Im.Total++;

    KeReleaseGuardedMutex(&g_Im.Lock);

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_NOTIFY, "image %wZ pid %p base %p",
                FullImageName, ProcessId, ImageInfo->ImageBase);
}

static NTSTATUS
ImCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
ImDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_IM_SNAPSHOT:
    {
        ULONG count = outLen / sizeof(IM_RECORD);
        ULONG i, idx;
        PIM_RECORD out = (PIM_RECORD)Irp->AssociatedIrp.SystemBuffer;

        if (count == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        KeAcquireGuardedMutex(&g_Im.Lock);
        if (count > IM_MAX_RECORDS) {
            count = IM_MAX_RECORDS;
        }
        if (count > g_Im.Total) {
            count = g_Im.Total;
        }
        /* newest first */
        for (i = 0; i < count; i++) {
            idx = (g_Im.Next + IM_MAX_RECORDS - 1 - i) % IM_MAX_RECORDS;
            out[i] = g_Im.Records[idx];
        }
        KeReleaseGuardedMutex(&g_Im.Lock);
        info = (ULONG_PTR)count * sizeof(IM_RECORD);
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_IOCTL, "snapshot: %u records", count);
        break;
    }
    case IOCTL_IM_RESET:
        KeAcquireGuardedMutex(&g_Im.Lock);
        RtlZeroMemory(g_Im.Records, IM_MAX_RECORDS * sizeof(IM_RECORD));
        g_Im.Next = 0;
        g_Im.Total = 0;
        KeReleaseGuardedMutex(&g_Im.Lock);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

/*
 * Undo whatever is currently set up.  Used by both the DriverEntry error
 * path and ImUnload, so every step checks its own flag.
 */
static VOID
ImReleaseAll(VOID)
{
    if (g_Im.NotifyRegistered) {
        PsRemoveLoadImageNotifyRoutine(ImLoadImageNotify);
        g_Im.NotifyRegistered = FALSE;
    }
    if (g_Im.LinkCreated) {
        UNICODE_STRING link = RTL_CONSTANT_STRING(IM_LINK_NAME);
        IoDeleteSymbolicLink(&link);
        g_Im.LinkCreated = FALSE;
    }
    if (g_Im.Device != NULL) {
        IoDeleteDevice(g_Im.Device);
        g_Im.Device = NULL;
    }
    if (g_Im.Records != NULL) {
        ExFreePoolWithTag(g_Im.Records, IM_TAG);
        g_Im.Records = NULL;
    }
}

static VOID
ImUnload(PDRIVER_OBJECT DriverObject)
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! total images %u", g_Im.Total);

    ImReleaseAll();
    WPP_CLEANUP(DriverObject);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(IM_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(IM_LINK_NAME);
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    DriverObject->DriverUnload = ImUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ImCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ImCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ImDeviceControl;

    RtlZeroMemory(&g_Im, sizeof(g_Im));
    KeInitializeGuardedMutex(&g_Im.Lock);

    g_Im.Records = (PIM_RECORD)ExAllocatePoolWithTag(NonPagedPoolNx, IM_MAX_RECORDS * sizeof(IM_RECORD), IM_TAG);
    if (g_Im.Records == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "ring allocation failed");
        goto Cleanup;
    }
    RtlZeroMemory(g_Im.Records, IM_MAX_RECORDS * sizeof(IM_RECORD));

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Im.Device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "IoCreateDevice %!STATUS!", status);
        g_Im.Device = NULL;
        goto Cleanup;
    }
    g_Im.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "IoCreateSymbolicLink %!STATUS!", status);
        goto Cleanup;
    }
    g_Im.LinkCreated = TRUE;

    status = PsSetLoadImageNotifyRoutine(ImLoadImageNotify);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "PsSetLoadImageNotifyRoutine %!STATUS!", status);
        goto Cleanup;
    }
    g_Im.NotifyRegistered = TRUE;

    g_Im.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Exit");
    return STATUS_SUCCESS;

Cleanup:
    ImReleaseAll();
    TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "%!FUNC! failed %!STATUS!", status);
    WPP_CLEANUP(DriverObject);
    return status;
}
