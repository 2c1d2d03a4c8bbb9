/*
 * MemHack - tiny kernel driver to read/write game memory from usermode.
 *
 * Load with:  sc create memhack type= kernel binPath= C:\memhack\memhack.sys
 *             sc start memhack
 * (testsigning must be on: bcdedit /set testsigning on)
 *
 * Based on the stuff I learned from a bunch of forum posts and the
 * "Windows Kernel Programming" book. Don't judge the code too hard :)
 */
#include <ntifs.h>
#include "memhack.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD MhUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH MhCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH MhDeviceControl;
DRIVER_DISPATCH MhUnsupported;

NTSTATUS MhReadProcessMemory(HANDLE Pid, PVOID Address, PVOID Buffer, SIZE_T Size);
NTSTATUS MhWriteProcessMemory(HANDLE Pid, PVOID Address, PVOID Buffer, SIZE_T Size);

#define MH_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[memhack] " fmt "\n", __VA_ARGS__)

static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(MEMHACK_DEVICE_NAME);
static UNICODE_STRING g_SymlinkName = RTL_CONSTANT_STRING(MEMHACK_SYMLINK_NAME);

static LONG g_OpenCount = 0;
static LONG64 g_BytesRead = 0;
static LONG64 g_BytesWritten = 0;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MhUnload)
#pragma alloc_text(PAGE, MhCreateClose)
#pragma alloc_text(PAGE, MhDeviceControl)
#endif

static NTSTATUS MhComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS MhUnsupported(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return MhComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

NTSTATUS MhCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    if (stack->MajorFunction == IRP_MJ_CREATE) {
        InterlockedIncrement(&g_OpenCount);
        MH_LOG("open (count=%ld) by pid %p", g_OpenCount, PsGetCurrentProcessId());
    } else {
        InterlockedDecrement(&g_OpenCount);
        MH_LOG("close (count=%ld)", g_OpenCount);
    }
    return MhComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS MhDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
    ULONG inLen = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID sysBuf = Irp->AssociatedIrp.SystemBuffer;
    PMEMHACK_REQUEST req;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    switch (code) {
    case IOCTL_MEMHACK_PING:
        if (outLen < sizeof(MEMHACK_PING_REPLY)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ((PMEMHACK_PING_REPLY)sysBuf)->Magic = MEMHACK_MAGIC;
        ((PMEMHACK_PING_REPLY)sysBuf)->Version = MEMHACK_VERSION;
        status = STATUS_SUCCESS;
        info = sizeof(MEMHACK_PING_REPLY);
        break;

    case IOCTL_MEMHACK_READ:
        if (inLen < sizeof(MEMHACK_REQUEST) || outLen < sizeof(MEMHACK_REQUEST)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        req = (PMEMHACK_REQUEST)sysBuf;
        if (req->Size == 0 || req->Size > MEMHACK_MAX_TRANSFER) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        status = MhReadProcessMemory((HANDLE)(ULONG_PTR)req->ProcessId,
                                     (PVOID)(ULONG_PTR)req->Address,
                                     req->Data,
                                     (SIZE_T)req->Size);
        if (NT_SUCCESS(status)) {
            InterlockedAdd64(&g_BytesRead, (LONG64)req->Size);
            info = sizeof(MEMHACK_REQUEST);
        }
        break;

    case IOCTL_MEMHACK_WRITE:
        if (inLen < sizeof(MEMHACK_REQUEST)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        req = (PMEMHACK_REQUEST)sysBuf;
        if (req->Size == 0 || req->Size > MEMHACK_MAX_TRANSFER) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        status = MhWriteProcessMemory((HANDLE)(ULONG_PTR)req->ProcessId,
                                      (PVOID)(ULONG_PTR)req->Address,
                                      req->Data,
                                      (SIZE_T)req->Size);
        if (NT_SUCCESS(status)) {
            InterlockedAdd64(&g_BytesWritten, (LONG64)req->Size);
        }
        break;

    default:
        MH_LOG("unknown ioctl 0x%08X", code);
        break;
    }

    return MhComplete(Irp, status, info);
}

VOID MhUnload(PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();

    MH_LOG("unloading, read %lld bytes, wrote %lld bytes", g_BytesRead, g_BytesWritten);

    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }

    MH_LOG("bye");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PDEVICE_OBJECT deviceObject = NULL;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    MH_LOG("DriverEntry, built %s %s", __DATE__, __TIME__);

    status = IoCreateDevice(DriverObject,
                            0,
                            &g_DeviceName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        MH_LOG("IoCreateDevice failed: 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_SymlinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        MH_LOG("IoCreateSymbolicLink failed: 0x%08X", status);
        return status;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = MhUnsupported;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = MhCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = MhCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = MhDeviceControl;
    DriverObject->DriverUnload = MhUnload;

    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    MH_LOG("ready: %wZ -> %wZ", &g_SymlinkName, &g_DeviceName);
    return STATUS_SUCCESS;
}
