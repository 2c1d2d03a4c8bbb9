//
// driver.cpp - regguard entry points
//
#include "regguard.h"

#define IOCTL_RG_ADD_PREFIX   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RG_GET_BLOCKED  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_READ_ACCESS)

static RegistryGuard* g_Guard = nullptr;
static PDEVICE_OBJECT g_Control = nullptr;

static UNICODE_STRING g_DevName  = RTL_CONSTANT_STRING(L"\\Device\\RegGuard");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\RegGuard");

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD RgUnload;
static DRIVER_DISPATCH RgCreateClose;
static DRIVER_DISPATCH RgDeviceControl;

static NTSTATUS RgComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS RgCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return RgComplete(Irp, STATUS_SUCCESS);
}

static NTSTATUS RgDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = sp->Parameters.DeviceIoControl;

    switch (dic.IoControlCode) {
    case IOCTL_RG_ADD_PREFIX: {
        if (dic.InputBufferLength < sizeof(WCHAR) || dic.InputBufferLength > MAXUSHORT ||
            (dic.InputBufferLength % sizeof(WCHAR)) != 0) {
            return RgComplete(Irp, STATUS_INVALID_PARAMETER);
        }
        UNICODE_STRING prefix;
        prefix.Buffer = static_cast<PWCH>(Irp->AssociatedIrp.SystemBuffer);
        prefix.Length = prefix.MaximumLength = static_cast<USHORT>(dic.InputBufferLength);
        return RgComplete(Irp, g_Guard->AddProtectedPrefix(&prefix));
    }
    case IOCTL_RG_GET_BLOCKED:
        if (dic.OutputBufferLength < sizeof(ULONG)) {
            return RgComplete(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        *static_cast<PULONG>(Irp->AssociatedIrp.SystemBuffer) = g_Guard->BlockedCount();
        return RgComplete(Irp, STATUS_SUCCESS, sizeof(ULONG));
    default:
        return RgComplete(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

static NTSTATUS CreateControlDevice(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_Control);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Control);
        g_Control = nullptr;
        return status;
    }

    g_Control->Flags |= DO_BUFFERED_IO;
    g_Control->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static void DeleteControlDevice()
{
    if (g_Control != nullptr) {
        IoDeleteSymbolicLink(&g_LinkName);
        IoDeleteDevice(g_Control);
        g_Control = nullptr;
    }
}

static NTSTATUS LoadDefaultPrefixes(RegistryGuard* guard, PCUNICODE_STRING RegistryPath)
{
    // always protect our own service key
    return guard->AddProtectedPrefix(RegistryPath);
}

static void RgUnload(PDRIVER_OBJECT)
{
    RG_LOG("unload, blocked %lu operations", g_Guard->BlockedCount());

    DeleteControlDevice();
    delete g_Guard;
    g_Guard = nullptr;
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;

    g_Guard = new (POOL_FLAG_NON_PAGED, RG_TAG) RegistryGuard();
    if (g_Guard == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = g_Guard->Initialize();
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }

    status = LoadDefaultPrefixes(g_Guard, RegistryPath);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }

    if (!NT_SUCCESS(CreateControlDevice(DriverObject))) {
        RG_LOG("could not create control device");
        goto Fail;
    }

    status = g_Guard->Register(DriverObject);
    if (!NT_SUCCESS(status)) {
        RG_LOG("CmRegisterCallbackEx failed 0x%08X", status);
        goto FailDevice;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RgDeviceControl;
    DriverObject->DriverUnload = RgUnload;

    RG_LOG("loaded");
    return STATUS_SUCCESS;

FailDevice:
    DeleteControlDevice();
Fail:
    delete g_Guard;
    g_Guard = nullptr;
    return status;
}
