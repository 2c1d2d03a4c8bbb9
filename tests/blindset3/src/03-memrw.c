/*
 *  kmem - read/write process memory from user mode through IOCTLs
 *  (for learning MmCopyVirtualMemory... we use KeStackAttachProcess instead)
 */
#include <ntifs.h>
#include <ntddk.h>

#define KMEM_TAG 'meMk'
#define IOCTL_KMEM_READ  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_SPECIAL_ACCESS)
#define IOCTL_KMEM_WRITE CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_SPECIAL_ACCESS)

typedef struct _KMEM_REQUEST {
    ULONG     Pid;
    ULONG64   Address;
    ULONG     Size;
    UCHAR     Data[256];
} KMEM_REQUEST, *PKMEM_REQUEST;

static PDEVICE_OBJECT g_Device = NULL;
static UNICODE_STRING g_LinkName;
static BOOLEAN g_LinkCreated = FALSE;
static PKMEM_REQUEST g_Scratch = NULL;

static NTSTATUS CopyFromProcess(PKMEM_REQUEST Req, BOOLEAN Write)
{
    PEPROCESS proc = NULL;
    KAPC_STATE apc;
    NTSTATUS status;

    if (Req->Size > sizeof(Req->Data))
        return STATUS_INVALID_PARAMETER;

    status = PsLookupProcessByProcessId(ULongToHandle(Req->Pid), &proc);
    if (!NT_SUCCESS(status))
        return status;

    RtlCopyMemory(g_Scratch, Req, sizeof(*Req));
    KeStackAttachProcess(proc, &apc);
    __try {
        if (Write) {
            ProbeForWrite((PVOID)Req->Address, Req->Size, 1);
            RtlCopyMemory((PVOID)Req->Address, g_Scratch->Data, Req->Size);
        } else {
            ProbeForRead((PVOID)Req->Address, Req->Size, 1);
            RtlCopyMemory(g_Scratch->Data, (PVOID)Req->Address, Req->Size);
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apc);
    ObDereferenceObject(proc);

    if (NT_SUCCESS(status) && !Write)
        RtlCopyMemory(Req->Data, g_Scratch->Data, Req->Size);
    return status;
}

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
NTSTATUS KmemIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = sl->Parameters.DeviceIoControl.IoControlCode;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if ((code == IOCTL_KMEM_READ || code == IOCTL_KMEM_WRITE) &&
        sl->Parameters.DeviceIoControl.InputBufferLength >= sizeof(KMEM_REQUEST) &&
        sl->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(KMEM_REQUEST)) {
        status = CopyFromProcess((PKMEM_REQUEST)Irp->AssociatedIrp.SystemBuffer,
                                 code == IOCTL_KMEM_WRITE);
        if (NT_SUCCESS(status))
            info = sizeof(KMEM_REQUEST);
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
NTSTATUS KmemCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID KmemTeardown(VOID)
{
    if (g_LinkCreated) {
        IoDeleteSymbolicLink(&g_LinkName);
        g_LinkCreated = FALSE;
    }
    if (g_Device) {
        IoDeleteDevice(g_Device);
        g_Device = NULL;
    }
    if (g_Scratch) {
        ExFreePoolWithTag(g_Scratch, KMEM_TAG);
        g_Scratch = NULL;
    }
}

VOID KmemUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KmemTeardown();
    DbgPrint("kmem: unloaded\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;
    UNICODE_STRING devName;

    RtlInitUnicodeString(&devName, L"\\Device\\kmem");
    RtlInitUnicodeString(&g_LinkName, L"\\DosDevices\\kmem");

    g_Scratch = (PKMEM_REQUEST)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(KMEM_REQUEST), KMEM_TAG);
    if (g_Scratch == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, TRUE, &g_Device);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kmem: IoCreateDevice -> %08X\n", status);
        g_Device = NULL;
        goto fail;
    }

    status = IoCreateSymbolicLink(&g_LinkName, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kmem: IoCreateSymbolicLink -> %08X\n", status);
        goto fail;
    }
    g_LinkCreated = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = KmemCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KmemCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KmemIoctl;
    DriverObject->DriverUnload = KmemUnload;

    g_Device->Flags |= DO_BUFFERED_IO;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    DbgPrint("kmem: ready\n");
    return STATUS_SUCCESS;

fail:
    KmemTeardown();
    return status;
}
