// driver.cpp - RegMon: watch (or veto) writes below a few registry prefixes
//
// DriverEntry keeps everything in one __try/__finally so that every exit
// path goes through the same cleanup. No C++ objects with destructors in
// this function (C2712), only plain flags.
#include "RegFilter.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD RegMonUnload;
static DRIVER_DISPATCH RegMonCreateClose;
static DRIVER_DISPATCH RegMonDeviceControl;

static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\RegMonCpp");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\RegMonCpp");

static const WCHAR g_DefaultPrefix[] =
    L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run";

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = STATUS_UNSUCCESSFUL;
    PDEVICE_OBJECT device = nullptr;
    bool rulesReady = false;
    bool linked = false;

    __try {
        status = regmon::RegFilter::InitRules();
        if (!NT_SUCCESS(status)) __leave;
        rulesReady = true;

        // the Run key is watched by default; not being able to add it is
        // not a reason to refuse loading, the tool can add prefixes later
        NTSTATUS optional = regmon::RegFilter::AddPrefix(g_DefaultPrefix,
                                                         sizeof(g_DefaultPrefix) - sizeof(WCHAR));
        if (!NT_SUCCESS(optional)) {
            KdPrint(("regmon: default prefix not added (0x%08X)\n", optional));
        }

        status = IoCreateDevice(DriverObject, 0, &g_DeviceName, REGMON_DEVICE_TYPE,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &device);
        if (!NT_SUCCESS(status)) __leave;

        status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
        if (!NT_SUCCESS(status)) __leave;
        linked = true;

        status = regmon::RegFilter::Register(DriverObject);
        if (!NT_SUCCESS(status)) __leave;

        DriverObject->DriverUnload = RegMonUnload;
        DriverObject->MajorFunction[IRP_MJ_CREATE] = RegMonCreateClose;
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = RegMonCreateClose;
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RegMonDeviceControl;

        device->Flags |= DO_BUFFERED_IO;
        device->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    __finally {
        if (!NT_SUCCESS(status)) {
            KdPrint(("regmon: init failed 0x%08X\n", status));
            if (linked) {
                IoDeleteSymbolicLink(&g_LinkName);
            }
            if (device) {
                IoDeleteDevice(device);
            }
            if (rulesReady) {
                regmon::RegFilter::FreeRules();
            }
        }
    }

    return status;
}

static void RegMonUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    // stop the callback before tearing down what it reads
    regmon::RegFilter::Unregister();

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);

    regmon::RegFilter::FreeRules();
}

static NTSTATUS RegMonCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS RegMonDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    const auto& dic = stack->Parameters.DeviceIoControl;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (dic.IoControlCode) {
    case IOCTL_REGMON_SET_MODE:
        if (dic.InputBufferLength < sizeof(LONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        switch (*static_cast<LONG*>(buffer)) {
        case REGMON_MODE_OFF:   regmon::RegFilter::SetMode(regmon::Mode::Off);   status = STATUS_SUCCESS; break;
        case REGMON_MODE_LOG:   regmon::RegFilter::SetMode(regmon::Mode::Log);   status = STATUS_SUCCESS; break;
        case REGMON_MODE_BLOCK: regmon::RegFilter::SetMode(regmon::Mode::Block); status = STATUS_SUCCESS; break;
        default:                status = STATUS_INVALID_PARAMETER; break;
        }
        break;

    case IOCTL_REGMON_ADD_PREFIX:
        if (dic.InputBufferLength < sizeof(WCHAR) || dic.InputBufferLength > MAXUSHORT) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        status = regmon::RegFilter::AddPrefix(static_cast<PCWSTR>(buffer),
                                              static_cast<USHORT>(dic.InputBufferLength));
        break;

    case IOCTL_REGMON_GET_HITS:
        if (dic.OutputBufferLength < sizeof(LONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *static_cast<LONG*>(buffer) = regmon::RegFilter::Hits();
        info = sizeof(LONG);
        status = STATUS_SUCCESS;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
