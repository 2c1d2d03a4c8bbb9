/*
 * pidlogger.c
 *
 * Remembers the last 128 processes started (pid, parent, time) and
 * prints a summary every 10 seconds from a worker thread. The client
 * pulls the list with IOCTL_PL_SNAPSHOT.
 */
#include <ntifs.h>

#define PL_DEVICE       L"\\Device\\PidLogger"
#define PL_SYMLINK      L"\\??\\PidLogger"
#define PL_RING         128
#define PL_PERIOD_SEC   10

#define IOCTL_PL_SNAPSHOT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x920, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _PL_RECORD {
    ULONG           Pid;
    ULONG           ParentPid;
    LARGE_INTEGER   When;
} PL_RECORD, *PPL_RECORD;

typedef struct _PL_SNAPSHOT {
    ULONG       Count;
    PL_RECORD   Records[PL_RING];
} PL_SNAPSHOT, *PPL_SNAPSHOT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PlUnload;
DRIVER_DISPATCH PlCreateClose;
DRIVER_DISPATCH PlDeviceControl;
KSTART_ROUTINE PlWorker;

static PL_RECORD    g_Ring[PL_RING];
static ULONG        g_RingNext = 0;
static ULONG        g_RingCount = 0;
static ULONG        g_SinceLastReport = 0;
static KSPIN_LOCK   g_RingLock;
static KEVENT       g_StopEvent;
static HANDLE       g_hWorker = NULL;

static VOID
PlProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    KIRQL irql;
    PPL_RECORD rec;

    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL) {
        return;     // only interested in new processes
    }

    KeAcquireSpinLock(&g_RingLock, &irql);
    rec = &g_Ring[g_RingNext];
    rec->Pid = HandleToULong(ProcessId);
    rec->ParentPid = HandleToULong(CreateInfo->ParentProcessId);
    KeQuerySystemTime(&rec->When);
    g_RingNext = (g_RingNext + 1) % PL_RING;
    if (g_RingCount < PL_RING) {
        g_RingCount++;
    }
    g_SinceLastReport++;
    KeReleaseSpinLock(&g_RingLock, irql);
}

VOID
PlWorker(PVOID StartContext)
{
    LARGE_INTEGER timeout;
    NTSTATUS status;
    KIRQL irql;
    ULONG newOnes;

    UNREFERENCED_PARAMETER(StartContext);

    timeout.QuadPart = -10000000LL * PL_PERIOD_SEC;

    for (;;) {
        status = KeWaitForSingleObject(&g_StopEvent, Executive, KernelMode, FALSE, &timeout);
        if (status == STATUS_SUCCESS) {
            break;      // stop requested
        }

        KeAcquireSpinLock(&g_RingLock, &irql);
        newOnes = g_SinceLastReport;
        g_SinceLastReport = 0;
        KeReleaseSpinLock(&g_RingLock, irql);

        if (newOnes != 0) {
            DbgPrint("[pidlog] %lu new processes in the last %d s\n", newOnes, PL_PERIOD_SEC);
        }
    }

    DbgPrint("[pidlog] worker exiting\n");
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
PlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PlDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    PPL_SNAPSHOT snap;
    KIRQL irql;
    ULONG i, idx;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PL_SNAPSHOT:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PL_SNAPSHOT)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        snap = (PPL_SNAPSHOT)Irp->AssociatedIrp.SystemBuffer;
        KeAcquireSpinLock(&g_RingLock, &irql);
        snap->Count = g_RingCount;
        // oldest first
        for (i = 0; i < g_RingCount; i++) {
            idx = (g_RingNext + PL_RING - g_RingCount + i) % PL_RING;
            snap->Records[i] = g_Ring[idx];
        }
        KeReleaseSpinLock(&g_RingLock, irql);
        info = sizeof(PL_SNAPSHOT);
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

VOID
PlUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(PL_SYMLINK);

    // stop the worker and wait until it is really gone
    KeSetEvent(&g_StopEvent, IO_NO_INCREMENT, FALSE);
    ZwWaitForSingleObject(g_hWorker, FALSE, NULL);

    PsSetCreateProcessNotifyRoutineEx(PlProcessNotify, TRUE);

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(DriverObject->DeviceObject);

    DbgPrint("[pidlog] unloaded\n");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PDEVICE_OBJECT dev = NULL;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PL_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(PL_SYMLINK);
    OBJECT_ATTRIBUTES oa;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeSpinLock(&g_RingLock);
    KeInitializeEvent(&g_StopEvent, NotificationEvent, FALSE);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[pidlog] IoCreateDevice failed: 0x%X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[pidlog] IoCreateSymbolicLink failed: 0x%X\n", status);
        IoDeleteDevice(dev);
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(PlProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[pidlog] PsSetCreateProcessNotifyRoutineEx failed: 0x%X\n", status);
    }

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&g_hWorker, THREAD_ALL_ACCESS, &oa, NULL, NULL, PlWorker, NULL);
    if (!NT_SUCCESS(status)) {
        DbgPrint("[pidlog] PsCreateSystemThread failed: 0x%X\n", status);
        PsSetCreateProcessNotifyRoutineEx(PlProcessNotify, TRUE);
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(dev);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PlDeviceControl;
    DriverObject->DriverUnload = PlUnload;

    dev->Flags |= DO_BUFFERED_IO;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;

    return status;
}
