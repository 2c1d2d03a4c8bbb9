#include "imgguard.h"

using namespace ig;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD IgUnload;

static void IgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    // drop the cache first: Cleanup flips s_Ready so the callback
    // short-circuits for anything still arriving
    ImageFilter::Cleanup();
    PsRemoveLoadImageNotifyRoutine(ImageFilter::OnImageLoad);

    Device::Destroy();
    IG_LOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = Device::Dispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = Device::Dispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = Device::Dispatch;

    status = ImageFilter::Initialize();
    if (!NT_SUCCESS(status)) {
        IG_LOG("lookaside init failed 0x%08X", status);
        return status;
    }

    status = Device::Create(DriverObject);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    status = PsSetLoadImageNotifyRoutine(ImageFilter::OnImageLoad);
    if (!NT_SUCCESS(status)) {
        IG_LOG("PsSetLoadImageNotifyRoutine failed 0x%08X", status);
        goto Cleanup;
    }

    DriverObject->DriverUnload = IgUnload;
    IG_LOG("loaded");
    return STATUS_SUCCESS;

Cleanup:
    Device::Destroy();
    ImageFilter::Cleanup();
    return status;
}
