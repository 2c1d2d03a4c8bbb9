// RemoteThreadWatch - flags threads created into another process
// (CreateRemoteThread style). Keeps a small table of hits, readable via IOCTL.

#include <ntddk.h>

#define RTW_MAX_HITS 32
#define IOCTL_RTW_GET_HITS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _RTW_HIT {
    ULONG CreatorPid;
    ULONG TargetPid;
    ULONG Tid;
} RTW_HIT;

static RTW_HIT   g_Hits[RTW_MAX_HITS];
static LONG      g_HitCount;
static FAST_MUTEX g_HitLock;
static PDEVICE_OBJECT g_RtwDevice;
static BOOLEAN   g_NotifyOn;
static UNICODE_STRING g_RtwName = RTL_CONSTANT_STRING(L"\\Device\\RtWatch");
static UNICODE_STRING g_RtwLink = RTL_CONSTANT_STRING(L"\\??\\RtWatch");

static VOID RtwThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    HANDLE creator = PsGetCurrentProcessId();

    if (!Create || creator == ProcessId || HandleToULong(creator) == 4)
        return;

    ExAcquireFastMutex(&g_HitLock);
    if (g_HitCount < RTW_MAX_HITS) {
        g_Hits[g_HitCount].CreatorPid = HandleToULong(creator);
        g_Hits[g_HitCount].TargetPid = HandleToULong(ProcessId);
        g_Hits[g_HitCount].Tid = HandleToULong(ThreadId);
        g_HitCount++;
    }
    ExReleaseFastMutex(&g_HitLock);
}

static NTSTATUS RtwDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_RTW_GET_HITS) {
            status = STATUS_INVALID_DEVICE_REQUEST;
        } else if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(g_Hits)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ExAcquireFastMutex(&g_HitLock);
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, g_Hits, sizeof(g_Hits));
            info = g_HitCount * sizeof(RTW_HIT);
            ExReleaseFastMutex(&g_HitLock);
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static BOOLEAN RtwStartNotify(void)
{
    if (NT_SUCCESS(PsSetCreateThreadNotifyRoutine(RtwThreadNotify))) {
        g_NotifyOn = TRUE;
    }
    return g_NotifyOn;
}

static VOID RtwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (g_NotifyOn)
        PsRemoveCreateThreadNotifyRoutine(RtwThreadNotify);
    IoDeleteSymbolicLink(&g_RtwLink);
    IoDeleteDevice(g_RtwDevice);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    BOOLEAN haveDevice = FALSE, haveLink = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeFastMutex(&g_HitLock);
    g_HitCount = 0;
    g_NotifyOn = FALSE;

    __try {
        status = IoCreateDevice(DriverObject, 0, &g_RtwName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_RtwDevice);
        if (!NT_SUCCESS(status))
            __leave;
        haveDevice = TRUE;
        g_RtwDevice->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&g_RtwLink, &g_RtwName);
        if (!NT_SUCCESS(status))
            __leave;
        haveLink = TRUE;

        if (!RtwStartNotify()) {
            status = STATUS_UNSUCCESSFUL;
            __leave;
        }

        DriverObject->MajorFunction[IRP_MJ_CREATE] = RtwDispatch;
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = RtwDispatch;
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RtwDispatch;
        DriverObject->DriverUnload = RtwUnload;
        g_RtwDevice->Flags &= ~DO_DEVICE_INITIALIZING;
        status = STATUS_SUCCESS;
    }
    __finally {
        if (!NT_SUCCESS(status)) {
            if (haveLink)
                IoDeleteSymbolicLink(&g_RtwLink);
            if (haveDevice)
                IoDeleteDevice(g_RtwDevice);
        }
    }

    return status;
}
