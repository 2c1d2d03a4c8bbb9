//
// ksampler - timer jitter sampler (control device, legacy driver)
//

#include "KUtil.h"
#include "Sampler.h"

#define KS_DEVICE_NAME  L"\\Device\\KSampler"
#define KS_LINK_NAME    L"\\??\\KSampler"

#define IOCTL_KS_QUERY  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xC01, METHOD_BUFFERED, FILE_READ_ACCESS)

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KsUnload;

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH KsCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH KsDeviceControl;

static Sampler* SamplerOf(PDEVICE_OBJECT device)
{
    return static_cast<Sampler*>(device->DeviceExtension);
}

static NTSTATUS KsCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    irp->IoStatus.Status = STATUS_SUCCESS;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS KsDeviceControl(PDEVICE_OBJECT device, PIRP irp)
{
    auto sp = IoGetCurrentIrpStackLocation(irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_KS_QUERY) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SAMPLER_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            SamplerOf(device)->Query(static_cast<SAMPLER_STATS*>(irp->AssociatedIrp.SystemBuffer));
            info = sizeof(SAMPLER_STATS);
            status = STATUS_SUCCESS;
        }
    }

    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static void KsUnload(PDRIVER_OBJECT driver)
{
    PDEVICE_OBJECT device = driver->DeviceObject;
    UNICODE_STRING link = RTL_CONSTANT_STRING(KS_LINK_NAME);

    // stop producing before anything it uses goes away
    SamplerOf(device)->Stop();

    IoDeleteSymbolicLink(&link);

    SamplerOf(device)->~Sampler();
    IoDeleteDevice(device);

    KS_TRACE("unloaded");
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registryPath)
{
    UNREFERENCED_PARAMETER(registryPath);

    UNICODE_STRING name = RTL_CONSTANT_STRING(KS_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(KS_LINK_NAME);
    PDEVICE_OBJECT device = nullptr;

    NTSTATUS status = IoCreateDevice(driver, sizeof(Sampler), &name, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        KS_TRACE("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    auto sampler = new (device->DeviceExtension) Sampler();

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        KS_TRACE("IoCreateSymbolicLink failed 0x%08X", status);
        sampler->~Sampler();
        IoDeleteDevice(device);
        return status;
    }

    // the device must be fully set up before the timer starts firing
    driver->MajorFunction[IRP_MJ_CREATE] = KsCreateClose;
    driver->MajorFunction[IRP_MJ_CLOSE] = KsCreateClose;
    driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KsDeviceControl;
    device->Flags |= DO_BUFFERED_IO;

    status = sampler->Start(device);
    if (!NT_SUCCESS(status)) {
        KS_TRACE("sampler start failed 0x%08X", status);
        IoDeleteSymbolicLink(&link);
        sampler->~Sampler();
        IoDeleteDevice(device);
        return status;
    }

    driver->DriverUnload = KsUnload;
    return STATUS_SUCCESS;
}
