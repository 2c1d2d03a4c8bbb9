//
// RingShare: a page-aligned ring buffer the driver fills and a user-mode
// viewer maps read/write with IOCTL_RB_MAP.
//
#include "ringbuf.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RbUnload;
DRIVER_DISPATCH RbCreateClose;
DRIVER_DISPATCH RbCleanup;
DRIVER_DISPATCH RbDeviceControl;

RB_STATE g_Rb;

static UNICODE_STRING s_DevName = RTL_CONSTANT_STRING(RB_DEVICE_NAME);
static UNICODE_STRING s_LinkName = RTL_CONSTANT_STRING(RB_LINK_NAME);

static NTSTATUS
RbComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
RbCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return RbComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
RbCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    RbUnmapFor(IoGetCurrentIrpStackLocation(Irp)->FileObject);
    return RbComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
RbDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = sp->Parameters.DeviceIoControl.IoControlCode;
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID sys = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (code) {
    case IOCTL_RB_MAP:
        if (outLen < sizeof(PVOID)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = RbMapToCaller(sp->FileObject, (PVOID*)sys);
        if (NT_SUCCESS(status)) {
            info = sizeof(PVOID);
        }
        break;
    case IOCTL_RB_UNMAP:
        RbUnmapFor(sp->FileObject);
        status = STATUS_SUCCESS;
        break;
    case IOCTL_RB_PUSH:
        RbPush(sys, inLen);
        status = STATUS_SUCCESS;
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    return RbComplete(Irp, status, info);
}

//
// Shared by the failure path of DriverEntry and by RbUnload: undo whatever
// the flags say was done, newest first.
//
static VOID
RbTeardown(VOID)
{
    ULONG bytes = RB_BYTES;

    if (g_Rb.Flags & RBF_LINK) {
        IoDeleteSymbolicLink(&s_LinkName);
        g_Rb.Flags &= ~RBF_LINK;
    }
    if (g_Rb.Flags & RBF_DEVICE) {
        IoDeleteDevice(g_Rb.Device);
        g_Rb.Device = NULL;
        g_Rb.Flags &= ~RBF_DEVICE;
    }
    if (g_Rb.Flags & RBF_MDL) {
        IoFreeMdl(g_Rb.Mdl);
        g_Rb.Mdl = NULL;
        g_Rb.Flags &= ~RBF_MDL;
    }
    if (g_Rb.Flags & RBF_BUFFER) {
        ExFreePoolWithTag(g_Rb.Buffer, RB_TAG);
        g_Rb.Buffer = NULL;
        g_Rb.Flags &= ~RBF_BUFFER;
        RB_LOG("released %lu byte ring", bytes);
    }
}

VOID
RbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    // every handle is closed by now, so IRP_MJ_CLEANUP already unmapped
    RbTeardown();
    RB_LOG("unloaded");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PRB_HEADER hdr;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Rb, sizeof(g_Rb));
    KeInitializeSpinLock(&g_Rb.WriteLock);
    ExInitializeFastMutex(&g_Rb.MapLock);

    g_Rb.Buffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, RB_BYTES, RB_TAG);
    if (g_Rb.Buffer == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail;
    }
    g_Rb.Flags |= RBF_BUFFER;

    hdr = (PRB_HEADER)g_Rb.Buffer;
    hdr->DataBytes = RB_BYTES - sizeof(RB_HEADER);

    g_Rb.Mdl = IoAllocateMdl(g_Rb.Buffer, RB_BYTES, FALSE, FALSE, NULL);
    if (g_Rb.Mdl == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail;
    }
    g_Rb.Flags |= RBF_MDL;
    MmBuildMdlForNonPagedPool(g_Rb.Mdl);

    status = IoCreateDevice(DriverObject, 0, &s_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Rb.Device);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }
    g_Rb.Flags |= RBF_DEVICE;

    status = IoCreateSymbolicLink(&s_LinkName, &s_DevName);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }
    g_Rb.Flags |= RBF_LINK;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = RbCleanup;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RbDeviceControl;
    DriverObject->DriverUnload = RbUnload;

    g_Rb.Device->Flags |= DO_BUFFERED_IO;
    g_Rb.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    RB_LOG("ready: %u pages at %p", RB_PAGES, g_Rb.Buffer);
    return STATUS_SUCCESS;

fail:
    RB_LOG("init failed 0x%08X", status);
    RbTeardown();
    return status;
}
