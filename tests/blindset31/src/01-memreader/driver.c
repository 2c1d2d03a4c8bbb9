/*
 * memreader - small kernel helper for my overlay project.
 *
 * Usermode opens \\.\MemReader and sends IOCTL_MR_READ_MEMORY /
 * IOCTL_MR_WRITE_MEMORY with a pid + address. We attach to the target
 * process and copy through a kernel bounce buffer.
 *
 * build: WDK 10, x64, test signing on.
 */
#include <ntifs.h>
#include "memreader.h"

#define LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[memreader] " fmt "\n", __VA_ARGS__)

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD MrUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH MrCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH MrDeviceControl;

static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\MemReader");
static UNICODE_STRING g_LinkName   = RTL_CONSTANT_STRING(L"\\DosDevices\\MemReader");

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MrUnload)
#pragma alloc_text(PAGE, MrCreateClose)
#pragma alloc_text(PAGE, MrDeviceControl)
#endif

static NTSTATUS
MrCopyProcessMemory(
    _In_ PMR_MEMORY_REQUEST Request,
    _Inout_updates_bytes_(Request->Size) PVOID Buffer,
    _In_ BOOLEAN Write
    )
{
    NTSTATUS status;
    PEPROCESS process = NULL;
    KAPC_STATE apcState;
    PVOID bounce;
    PVOID target = (PVOID)(ULONG_PTR)Request->Address;

    status = PsLookupProcessByProcessId(ULongToHandle(Request->ProcessId), &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    bounce = ExAllocatePool2(POOL_FLAG_NON_PAGED, Request->Size, MR_TAG);
    if (bounce == NULL) {
        ObDereferenceObject(process);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    if (Write) {
        RtlCopyMemory(bounce, Buffer, Request->Size);
    }

    KeStackAttachProcess(process, &apcState);
    __try {
        if (Write) {
            ProbeForWrite(target, Request->Size, 1);
            RtlCopyMemory(target, bounce, Request->Size);
        } else {
            ProbeForRead(target, Request->Size, 1);
            RtlCopyMemory(bounce, target, Request->Size);
        }
        status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apcState);

    if (NT_SUCCESS(status) && !Write) {
        RtlCopyMemory(Buffer, bounce, Request->Size);
    }

    ExFreePoolWithTag(bounce, MR_TAG);
    ObDereferenceObject(process);
    return status;
}

NTSTATUS
MrCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
MrDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLen = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID sysBuf = Irp->AssociatedIrp.SystemBuffer;
    MR_MEMORY_REQUEST req;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_MR_GET_VERSION:
        if (outLen >= sizeof(ULONG)) {
            *(PULONG)sysBuf = MR_VERSION;
            info = sizeof(ULONG);
            status = STATUS_SUCCESS;
        } else {
            status = STATUS_BUFFER_TOO_SMALL;
        }
        break;

    case IOCTL_MR_READ_MEMORY:
        if (inLen < sizeof(req)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        req = *(PMR_MEMORY_REQUEST)sysBuf;
        if (req.Size == 0 || req.Size > MR_MAX_XFER || req.Size > outLen) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        status = MrCopyProcessMemory(&req, sysBuf, FALSE);
        if (NT_SUCCESS(status)) {
            info = req.Size;
        }
        break;

    case IOCTL_MR_WRITE_MEMORY:
        if (inLen < sizeof(req)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        req = *(PMR_MEMORY_REQUEST)sysBuf;
        if (req.Size == 0 || req.Size > MR_MAX_XFER || req.Size > inLen - sizeof(req)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        status = MrCopyProcessMemory(&req, (PUCHAR)sysBuf + sizeof(req), TRUE);
        break;

    default:
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
MrUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    LOG("unloading");
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT deviceObject = NULL;

    UNREFERENCED_PARAMETER(RegistryPath);

    LOG("DriverEntry, build %s %s", __DATE__, __TIME__);

    status = IoCreateDevice(DriverObject,
                            0,
                            &g_DeviceName,
                            FILE_DEVICE_MEMREADER,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);
    if (NT_SUCCESS(status)) {
        status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
        if (NT_SUCCESS(status)) {
            deviceObject->Flags |= DO_BUFFERED_IO;

            DriverObject->MajorFunction[IRP_MJ_CREATE] = MrCreateClose;
            DriverObject->MajorFunction[IRP_MJ_CLOSE] = MrCreateClose;
            DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = MrDeviceControl;
            DriverObject->DriverUnload = MrUnload;

            deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
            LOG("ready");
        } else {
            LOG("IoCreateSymbolicLink failed: 0x%08X", status);
        }
    } else {
        LOG("IoCreateDevice failed: 0x%08X", status);
    }

    return status;
}
