#include "kmem.h"
#include "raii.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KmemUnload;
static DRIVER_DISPATCH KmemCreateClose;
static DRIVER_DISPATCH KmemIoctl;

static NTSTATUS KmemCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    irp->IoStatus.Status = STATUS_SUCCESS;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS KmemIoctl(PDEVICE_OBJECT dev, PIRP irp)
{
    auto ext = static_cast<KMEM_EXTENSION*>(dev->DeviceExtension);
    auto sp = IoGetCurrentIrpStackLocation(irp);
    auto inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    auto outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    auto buf = irp->AssociatedIrp.SystemBuffer;
    ULONG_PTR info = 0;
    NTSTATUS status;

    if (inLen < sizeof(KMEM_REQUEST)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        // copy the header, the system buffer is reused for output
        KMEM_REQUEST req = *static_cast<KMEM_REQUEST*>(buf);

        switch (sp->Parameters.DeviceIoControl.IoControlCode) {
        case KMEM_IOCTL_READ:
            status = KmemRead(ext, &req, buf, outLen, &info);
            break;
        case KMEM_IOCTL_WRITE:
            status = KmemWrite(ext, &req, static_cast<PUCHAR>(buf) + sizeof(KMEM_REQUEST),
                               inLen - sizeof(KMEM_REQUEST));
            break;
        case KMEM_IOCTL_BASE:
            if (outLen < sizeof(ULONG64)) {
                status = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            status = KmemGetBase(req.Pid, static_cast<ULONG64*>(buf));
            if (NT_SUCCESS(status)) {
                info = sizeof(ULONG64);
            }
            break;
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
    }

    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static void KmemUnload(PDRIVER_OBJECT driver)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(KMEM_SYMLINK);
    IoDeleteSymbolicLink(&link);

    auto dev = driver->DeviceObject;
    auto ext = static_cast<KMEM_EXTENSION*>(dev->DeviceExtension);

    IoDeleteDevice(dev);

    dbg("served %ld requests", ext->Requests);
    if (ext->Scratch) {
        ExFreePoolWithTag(ext->Scratch, KMEM_TAG);
        ext->Scratch = nullptr;
    }
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
    UNREFERENCED_PARAMETER(registryPath);

    UNICODE_STRING name = RTL_CONSTANT_STRING(KMEM_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(KMEM_SYMLINK);

    PDEVICE_OBJECT rawDev = nullptr;
    NTSTATUS status = IoCreateDevice(driver, sizeof(KMEM_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &rawDev);
    if (!NT_SUCCESS(status)) {
        dbg("IoCreateDevice: %08X", status);
        return status;
    }
    raii::Device device(rawDev);

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        dbg("IoCreateSymbolicLink: %08X", status);
        return status;
    }

    auto ext = static_cast<KMEM_EXTENSION*>(device.get()->DeviceExtension);
    RtlZeroMemory(ext, sizeof(*ext));
    ExInitializeFastMutex(&ext->ScratchLock);

    ext->Scratch = ExAllocatePool2(POOL_FLAG_NON_PAGED, KMEM_SCRATCH, KMEM_TAG);
    if (!ext->Scratch) {
        dbg("no memory for scratch buffer");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    driver->DriverUnload = KmemUnload;
    driver->MajorFunction[IRP_MJ_CREATE] = KmemCreateClose;
    driver->MajorFunction[IRP_MJ_CLOSE] = KmemCreateClose;
    driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KmemIoctl;

    device.get()->Flags |= DO_BUFFERED_IO;
    device.release();

    dbg("ready");
    return STATUS_SUCCESS;
}
