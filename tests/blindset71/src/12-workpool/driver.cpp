#include "workpool.h"

namespace wp {

PFLT_FILTER Filter::Handle = nullptr;

NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    WP_PRINT("unloading");

    // No new callbacks after this; instance teardown waits for the work
    // items queued against each instance.
    FltUnregisterFilter(Filter::Handle);
    Filter::Handle = nullptr;

    // Belt and braces: every job holds the pool busy until it is freed.
    Pool::WaitIdle();
    Pool::Teardown();
    return STATUS_SUCCESS;
}

} // namespace wp

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    wp::Pool::Initialize();

    NTSTATUS status = FltRegisterFilter(DriverObject, &wp::Registration, &wp::Filter::Handle);
    if (!NT_SUCCESS(status)) {
        WP_PRINT("FltRegisterFilter 0x%08X", status);
        wp::Pool::Teardown();
        return status;
    }

    status = FltStartFiltering(wp::Filter::Handle);
    if (!NT_SUCCESS(status)) {
        WP_PRINT("FltStartFiltering 0x%08X", status);
        FltUnregisterFilter(wp::Filter::Handle);
        wp::Filter::Handle = nullptr;
        wp::Pool::WaitIdle();
        wp::Pool::Teardown();
        return status;
    }

    WP_PRINT("running");
    return STATUS_SUCCESS;
}
