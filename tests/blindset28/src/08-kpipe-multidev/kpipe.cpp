#include "kpipe.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KPipeUnload;

namespace {

NTSTATUS CreatePipeDevice(PDRIVER_OBJECT driverObject, ULONG index)
{
    WCHAR nameBuffer[32];
    UNICODE_STRING deviceName;
    PDEVICE_OBJECT device = nullptr;

    NTSTATUS status = RtlStringCchPrintfW(nameBuffer, RTL_NUMBER_OF(nameBuffer),
                                          L"\\Device\\KPipe%lu", index);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlInitUnicodeString(&deviceName, nameBuffer);

    status = IoCreateDevice(driverObject,
                            sizeof(KPipeExtension),
                            &deviceName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto ext = static_cast<KPipeExtension*>(device->DeviceExtension);
    RtlZeroMemory(ext, sizeof(KPipeExtension));
    ext->Index = index;
    KeInitializeSpinLock(&ext->Lock);

    auto ring = static_cast<KPipeRing*>(ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                        FIELD_OFFSET(KPipeRing, Data) + KPIPE_RING_BYTES,
                                                        KPIPE_TAG));
    ring->Capacity = KPIPE_RING_BYTES;
    ext->Ring = ring;
    if (ext->Ring == nullptr) {
        IoDeleteDevice(device);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = RtlStringCchPrintfW(ext->LinkBuffer, RTL_NUMBER_OF(ext->LinkBuffer),
                                 L"\\??\\KPipe%lu", index);
    if (NT_SUCCESS(status)) {
        RtlInitUnicodeString(&ext->LinkName, ext->LinkBuffer);
        status = IoCreateSymbolicLink(&ext->LinkName, &deviceName);
    }
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(ext->Ring, KPIPE_TAG);
        IoDeleteDevice(device);
        return status;
    }

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

void DestroyPipeDevice(PDEVICE_OBJECT device)
{
    auto ext = static_cast<KPipeExtension*>(device->DeviceExtension);

    if (ext->LinkName.Buffer != nullptr) {
        IoDeleteSymbolicLink(&ext->LinkName);
    }
    if (ext->Ring != nullptr) {
        ExFreePoolWithTag(ext->Ring, KPIPE_TAG);
        ext->Ring = nullptr;
    }
    IoDeleteDevice(device);
}

} // namespace

static void KPipeUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT device = DriverObject->DeviceObject;

    while (device != nullptr) {
        PDEVICE_OBJECT next = device->NextDevice;
        DestroyPipeDevice(device);
        device = next;
    }

    KdPrint(("kpipe: unloaded\n"));
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = KPipeUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = KPipeCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KPipeCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = KPipeRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = KPipeWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KPipeDeviceControl;

    for (ULONG i = 0; i < KPIPE_COUNT; ++i) {
        NTSTATUS status = CreatePipeDevice(DriverObject, i);
        if (!NT_SUCCESS(status)) {
            KdPrint(("kpipe: creating pipe %lu failed 0x%08X\n", i, status));
            return status;
        }
    }

    KdPrint(("kpipe: %lu pipes ready\n", KPIPE_COUNT));
    return STATUS_SUCCESS;
}
