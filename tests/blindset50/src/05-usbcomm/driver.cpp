// driver.cpp -- DriverEntry, AddDevice, Unload
#include <initguid.h>
#include "usbcomm.h"
extern "C" {
#include <ntddser.h>
}

using namespace usbcomm;

UNICODE_STRING Driver::s_RegistryPath = { 0, 0, nullptr };

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UC_DBG("DriverEntry %wZ\n", RegistryPath);

    Driver::s_RegistryPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    Driver::s_RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                          Driver::s_RegistryPath.MaximumLength,
                                                          UC_TAG);
    if (Driver::s_RegistryPath.Buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&Driver::s_RegistryPath, RegistryPath);

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; ++i) {
        DriverObject->MajorFunction[i] = Driver::DispatchOther;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = Driver::DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = Driver::DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]           = Driver::DispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE]          = Driver::DispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = Driver::DispatchIoctl;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = Driver::DispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = Driver::DispatchPower;

    DriverObject->DriverExtension->AddDevice = Driver::AddDevice;
    DriverObject->DriverUnload               = Driver::Unload;
    return STATUS_SUCCESS;
}

void
Driver::Unload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (s_RegistryPath.Buffer) {
        ExFreePoolWithTag(s_RegistryPath.Buffer, UC_TAG);
        s_RegistryPath.Buffer = nullptr;
    }
    UC_DBG("unloaded\n");
}

NTSTATUS
Driver::AddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT fdo = nullptr;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(UC_EXTENSION), nullptr,
                            FILE_DEVICE_SERIAL_PORT, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        UC_ERR("IoCreateDevice %08x\n", status);
        return status;
    }

    auto ext = static_cast<UC_EXTENSION*>(fdo->DeviceExtension);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fdo;
    ext->Pdo  = Pdo;
    ext->Coding = { 9600, 0, 0, 8 };
    IoInitializeRemoveLock(&ext->RemoveLock, UC_TAG, 0, 0);

    ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (ext->LowerDevice == nullptr) {
        UC_ERR("IoAttachDeviceToDeviceStack failed\n");
        return STATUS_NO_SUCH_DEVICE;
    }

    CHECK(IoRegisterDeviceInterface(Pdo, &GUID_DEVINTERFACE_COMPORT, nullptr, &ext->IfName), fail);

    ext->NotifyBuf = static_cast<PUCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, UC_MAX_PACKET, UC_TAG));
    if (ext->NotifyBuf == nullptr) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail;
    }

    fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    UC_DBG("AddDevice fdo=%p lower=%p\n", fdo, ext->LowerDevice);
    return STATUS_SUCCESS;

fail:
    if (ext->IfName.Buffer) {
        RtlFreeUnicodeString(&ext->IfName);
    }
    IoDeleteDevice(fdo);
    if (ext->LowerDevice) {
        IoDetachDevice(ext->LowerDevice);
    }
    return status;
}
