//
// modwatch - image loads and thread starts inside one target process
//
#include "Monitor.h"

using mw::Monitor;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   MwUnload;
static DRIVER_DISPATCH MwDispatch;

static PDEVICE_OBJECT g_Device;

static NTSTATUS MwDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        auto& dic = sp->Parameters.DeviceIoControl;
        auto buf = Irp->AssociatedIrp.SystemBuffer;

        switch (dic.IoControlCode) {
        case IOCTL_MW_SET_TARGET:
            if (dic.InputBufferLength < sizeof(ULONG)) {
                status = STATUS_BUFFER_TOO_SMALL;
            } else {
                Monitor::SetTarget(ULongToHandle(*static_cast<PULONG>(buf)));
            }
            break;

        case IOCTL_MW_READ: {
            ULONG max = dic.OutputBufferLength / sizeof(mw::UserRecord);
            if (max == 0) {
                status = STATUS_BUFFER_TOO_SMALL;
            } else {
                info = Monitor::Read(static_cast<mw::UserRecord*>(buf), max) * sizeof(mw::UserRecord);
            }
            break;
        }

        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static void MwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNICODE_STRING link = RTL_CONSTANT_STRING(MW_LINK_NAME);

    PsRemoveCreateThreadNotifyRoutine(Monitor::OnThreadCreate);
    PsRemoveLoadImageNotifyRoutine(Monitor::OnImageLoad);

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    Monitor::Shutdown();
    MW_TRACE("unloaded");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING name = RTL_CONSTANT_STRING(MW_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(MW_LINK_NAME);

    NTSTATUS status = Monitor::Init();
    if (NT_SUCCESS(status)) {
        status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
        if (NT_SUCCESS(status)) {
            status = IoCreateSymbolicLink(&link, &name);
            if (NT_SUCCESS(status)) {
                // also report images mapped with a different architecture (WoW64 dlls)
                status = PsSetLoadImageNotifyRoutineEx(Monitor::OnImageLoad,
                                                       PS_IMAGE_NOTIFY_CONFLICTING_ARCHITECTURE);
                if (NT_SUCCESS(status)) {
                    status = PsSetCreateThreadNotifyRoutineEx(PsCreateThreadNotifyNonSystem,
                                                              reinterpret_cast<PVOID>(Monitor::OnThreadCreate));
                    if (NT_SUCCESS(status)) {
                        DriverObject->DriverUnload = MwUnload;
                        DriverObject->MajorFunction[IRP_MJ_CREATE] = MwDispatch;
                        DriverObject->MajorFunction[IRP_MJ_CLOSE] = MwDispatch;
                        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = MwDispatch;
                        g_Device->Flags |= DO_BUFFERED_IO;
                        g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
                        MW_TRACE("loaded");
                        return STATUS_SUCCESS;
                    }
                    MW_TRACE("PsSetCreateThreadNotifyRoutineEx 0x%08X", status);
                    PsRemoveLoadImageNotifyRoutine(Monitor::OnImageLoad);
                } else {
                    MW_TRACE("PsSetLoadImageNotifyRoutineEx 0x%08X", status);
                }
                IoDeleteSymbolicLink(&link);
            }
            IoDeleteDevice(g_Device);
            g_Device = nullptr;
        }
        Monitor::Shutdown();
    }
    return status;
}
