//
// MemPeek - reads kernel/user memory of a given process for the MemPeek.exe
// client. Learning project, do not load on a machine you care about.
//
#include <ntifs.h>
#include "config.h"

#define IOCTL_MEMPEEK_READ \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _PEEK_REQUEST {
    ULONG64 ProcessId;
    ULONG64 Address;
    ULONG   Size;
} PEEK_REQUEST, *PPEEK_REQUEST;

// exported by ntoskrnl, not in the WDK headers
NTKERNELAPI NTSTATUS NTAPI
MmCopyVirtualMemory(PEPROCESS FromProcess, PVOID FromAddress, PEPROCESS ToProcess,
                    PVOID ToAddress, SIZE_T BufferSize, KPROCESSOR_MODE PreviousMode,
                    PSIZE_T NumberOfBytesCopied);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PeekUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PeekCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PeekIoctl;

static UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\MemPeek");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\MemPeek");
static PVOID g_Scratch = NULL;
static FAST_MUTEX g_ScratchLock;

NTSTATUS
PeekCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
PeekRead(_In_ PPEEK_REQUEST Req, _Out_writes_bytes_(Req->Size) PVOID Out)
{
    NTSTATUS status;
    PEPROCESS process;
    SIZE_T copied = 0;

    if (Req->Size == 0 || Req->Size > g_Config.MaxReadSize) {
        return STATUS_INVALID_PARAMETER;
    }
    status = PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)Req->ProcessId, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ExAcquireFastMutex(&g_ScratchLock);
    status = MmCopyVirtualMemory(process, (PVOID)(ULONG_PTR)Req->Address,
                                 PsGetCurrentProcess(), g_Scratch, Req->Size,
                                 KernelMode, &copied);
    if (NT_SUCCESS(status)) {
        RtlCopyMemory(Out, g_Scratch, copied);
    }
    ExReleaseFastMutex(&g_ScratchLock);

    ObDereferenceObject(process);
    VLOG("mempeek: pid %llu @%llx size %lu -> 0x%x\n", Req->ProcessId, Req->Address, Req->Size, status);
    return status;
}

NTSTATUS
PeekIoctl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_MEMPEEK_READ) {
        PEEK_REQUEST req;
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(req)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            req = *(PPEEK_REQUEST)Irp->AssociatedIrp.SystemBuffer;
            if (sp->Parameters.DeviceIoControl.OutputBufferLength < req.Size) {
                status = STATUS_BUFFER_TOO_SMALL;
            } else {
                status = PeekRead(&req, Irp->AssociatedIrp.SystemBuffer);
                if (NT_SUCCESS(status)) {
                    info = req.Size;
                }
            }
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
PeekUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
    if (g_Scratch != NULL) {
        ExFreePoolWithTag(g_Scratch, MEMPEEK_TAG);
        g_Scratch = NULL;
    }
    KdPrint(("mempeek: unloaded\n"));
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PDEVICE_OBJECT device = NULL;

    // No Parameters key is fine, defaults stay in place.
    status = CfgLoad(RegistryPath);
    if (!NT_SUCCESS(status)) {
        KdPrint(("mempeek: config not read (0x%x), using defaults\n", status));
    }

    ExInitializeFastMutex(&g_ScratchLock);

    DriverObject->DriverUnload = PeekUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PeekCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PeekCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PeekIoctl;

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    status = CfgApplyToDevice(device);
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&g_LinkName);
        IoDeleteDevice(device);
        return status;
    }

    g_Scratch = ExAllocatePool2(POOL_FLAG_NON_PAGED, g_Config.BufferSize, MEMPEEK_TAG);
    if (g_Scratch == NULL) {
        KdPrint(("mempeek: no scratch buffer (%lu bytes)\n", g_Config.BufferSize));
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    VLOG("mempeek: ready, buffer %lu bytes, max read %lu\n", g_Config.BufferSize, g_Config.MaxReadSize);
    return STATUS_SUCCESS;
}
