/*
 * imgwatch.c - image load / thread creation monitor
 *
 * Publishes events to user mode through a named section that the
 * companion console (ImgWatchCli.exe) maps read-only.  A named
 * notification event is pulsed whenever new records are written.
 *
 * Part of my "EDR from scratch" series, chapter 4.
 */

#include <ntddk.h>

#define IW_DEVICE_NAME   L"\\Device\\ImgWatch"
#define IW_SYMLINK_NAME  L"\\DosDevices\\ImgWatch"
#define IW_SECTION_NAME  L"\\BaseNamedObjects\\ImgWatchRing"
#define IW_EVENT_NAME    L"\\BaseNamedObjects\\ImgWatchSignal"

#define IW_TAG           'wgmI'
#define IW_RING_ENTRIES  1024
#define IW_PATH_CHARS    200

typedef enum _IW_EVENT_TYPE {
    IwImageLoad   = 1,
    IwThreadStart = 2,
    IwThreadExit  = 3
} IW_EVENT_TYPE;

typedef struct _IW_RECORD {
    ULONG         Type;
    ULONG         ProcessId;
    ULONG         ThreadId;
    ULONG         Reserved;
    ULONG64       ImageBase;
    ULONG64       ImageSize;
    LARGE_INTEGER Time;
    WCHAR         Path[IW_PATH_CHARS];
} IW_RECORD, *PIW_RECORD;

typedef struct _IW_RING {
    volatile LONG WriteIndex;
    volatile LONG Dropped;
    ULONG         Capacity;
    ULONG         RecordSize;
    IW_RECORD     Records[IW_RING_ENTRIES];
} IW_RING, *PIW_RING;

/* globals */
static PDEVICE_OBJECT g_DeviceObject  = NULL;
static HANDLE         g_SectionHandle = NULL;
static PVOID          g_SectionObject = NULL;
static PIW_RING       g_Ring          = NULL;
static PKEVENT        g_SignalEvent   = NULL;
static HANDLE         g_SignalHandle  = NULL;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     IwUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   IwCreateClose;

static VOID
IwPublish(
    _In_ ULONG Type,
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_opt_ PIMAGE_INFO ImageInfo,
    _In_opt_ PCUNICODE_STRING Path
    )
{
    LONG slot;
    PIW_RECORD rec;
    USHORT cch;

    if (g_Ring == NULL) {
        return;
    }

    slot = InterlockedIncrement(&g_Ring->WriteIndex) - 1;
    rec = &g_Ring->Records[(ULONG)slot % IW_RING_ENTRIES];

    RtlZeroMemory(rec, sizeof(*rec));
    rec->Type      = Type;
    rec->ProcessId = HandleToULong(ProcessId);
    rec->ThreadId  = HandleToULong(ThreadId);
    KeQuerySystemTimePrecise(&rec->Time);

    if (ImageInfo != NULL) {
        rec->ImageBase = (ULONG64)(ULONG_PTR)ImageInfo->ImageBase;
        rec->ImageSize = (ULONG64)ImageInfo->ImageSize;
    }

    if (Path != NULL && Path->Buffer != NULL) {
        cch = Path->Length / sizeof(WCHAR);
        if (cch >= IW_PATH_CHARS) {
            cch = IW_PATH_CHARS - 1;
        }
        RtlCopyMemory(rec->Path, Path->Buffer, cch * sizeof(WCHAR));
        rec->Path[cch] = L'\0';
    }

    if (g_SignalEvent != NULL) {
        KeSetEvent(g_SignalEvent, IO_NO_INCREMENT, FALSE);
        KeClearEvent(g_SignalEvent);
    }
}

static VOID
IwOnImageLoad(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    IwPublish(IwImageLoad, ProcessId, NULL, ImageInfo, FullImageName);
}

static VOID
IwOnThread(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    IwPublish(Create ? IwThreadStart : IwThreadExit, ProcessId, ThreadId, NULL, NULL);
}

NTSTATUS
IwCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
IwCreateSharedRing(VOID)
{
    NTSTATUS status;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    LARGE_INTEGER maxSize;
    SIZE_T viewSize = 0;

    RtlInitUnicodeString(&name, IW_SECTION_NAME);
    InitializeObjectAttributes(&oa, &name,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE | OBJ_OPENIF,
                               NULL, NULL);

    maxSize.QuadPart = sizeof(IW_RING);

    status = ZwCreateSection(&g_SectionHandle, SECTION_ALL_ACCESS, &oa, &maxSize,
                             PAGE_READWRITE, SEC_COMMIT, NULL);
    if (!NT_SUCCESS(status)) {
        KdPrint(("imgwatch: ZwCreateSection failed 0x%08X\n", status));
        return status;
    }

    status = ObReferenceObjectByHandle(g_SectionHandle, SECTION_MAP_READ | SECTION_MAP_WRITE,
                                       NULL, KernelMode, &g_SectionObject, NULL);
    if (!NT_SUCCESS(status)) {
        ZwClose(g_SectionHandle);
        g_SectionHandle = NULL;
        return status;
    }

    status = MmMapViewInSystemSpace(g_SectionObject, (PVOID *)&g_Ring, &viewSize);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(g_SectionObject);
        g_SectionObject = NULL;
        ZwClose(g_SectionHandle);
        g_SectionHandle = NULL;
        return status;
    }

    RtlZeroMemory(g_Ring, sizeof(IW_RING));
    g_Ring->Capacity   = IW_RING_ENTRIES;
    g_Ring->RecordSize = sizeof(IW_RECORD);

    return STATUS_SUCCESS;
}

static VOID
IwDestroySharedRing(VOID)
{
    if (g_Ring != NULL) {
        MmUnmapViewInSystemSpace(g_Ring);
        g_Ring = NULL;
    }
    if (g_SectionObject != NULL) {
        ObDereferenceObject(g_SectionObject);
        g_SectionObject = NULL;
    }
    if (g_SectionHandle != NULL) {
        ZwClose(g_SectionHandle);
        g_SectionHandle = NULL;
    }
}

VOID
IwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING link;

    UNREFERENCED_PARAMETER(DriverObject);

    KdPrint(("imgwatch: unloading\n"));

    IwDestroySharedRing();

    if (g_SignalHandle != NULL) {
        ZwClose(g_SignalHandle);
        g_SignalHandle = NULL;
        g_SignalEvent = NULL;
    }

    PsRemoveCreateThreadNotifyRoutine(IwOnThread);
    PsRemoveLoadImageNotifyRoutine(IwOnImageLoad);

    RtlInitUnicodeString(&link, IW_SYMLINK_NAME);
    IoDeleteSymbolicLink(&link);

    if (g_DeviceObject != NULL) {
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING devName, linkName, evtName;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlInitUnicodeString(&devName, IW_DEVICE_NAME);
    RtlInitUnicodeString(&linkName, IW_SYMLINK_NAME);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        KdPrint(("imgwatch: IoCreateDevice failed 0x%08X\n", status));
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    status = IwCreateSharedRing();
    if (!NT_SUCCESS(status)) {
        goto fail_link;
    }

    RtlInitUnicodeString(&evtName, IW_EVENT_NAME);
    g_SignalEvent = IoCreateNotificationEvent(&evtName, &g_SignalHandle);
    if (g_SignalEvent == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_ring;
    }
    KeClearEvent(g_SignalEvent);

    status = PsSetLoadImageNotifyRoutine(IwOnImageLoad);
    if (!NT_SUCCESS(status)) {
        KdPrint(("imgwatch: PsSetLoadImageNotifyRoutine failed 0x%08X\n", status));
        goto fail_event;
    }

    status = PsSetCreateThreadNotifyRoutine(IwOnThread);
    if (!NT_SUCCESS(status)) {
        KdPrint(("imgwatch: PsSetCreateThreadNotifyRoutine failed 0x%08X\n", status));
        goto fail_event;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = IwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = IwCreateClose;
    DriverObject->DriverUnload = IwUnload;

    g_DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint(("imgwatch: loaded, ring at %p\n", g_Ring));
    return STATUS_SUCCESS;

fail_event:
    ZwClose(g_SignalHandle);
    g_SignalHandle = NULL;
    g_SignalEvent = NULL;
fail_ring:
    IwDestroySharedRing();
fail_link:
    IoDeleteSymbolicLink(&linkName);
fail_device:
    IoDeleteDevice(g_DeviceObject);
    g_DeviceObject = NULL;
    return status;
}
