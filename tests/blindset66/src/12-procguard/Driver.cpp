//
// procguard.sys - strips dangerous access rights from handles to the
// protected game process. Needs /INTEGRITYCHECK for both callback APIs.
//
#include "Guard.hpp"

extern "C" DRIVER_INITIALIZE DriverEntry;

static VOID DriverUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    // both unregister calls wait for callbacks already running
    pg::Guard::Unregister();
    pg::Guard::Cleanup();

    PG_TRACE("unloaded");
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING image = {};

    auto status = pg::ReadProtectedImage(RegistryPath, &image);
    if (!NT_SUCCESS(status)) {
        PG_FAIL("ReadProtectedImage 0x%X", status);
        return status;
    }

    // state first, callbacks after: they read s_Image as soon as they're in
    pg::Guard::Initialize(image);

    status = pg::Guard::Register();
    if (!NT_SUCCESS(status)) {
        pg::Guard::Cleanup();
        return status;
    }

    DriverObject->DriverUnload = DriverUnload;
    return STATUS_SUCCESS;
}
