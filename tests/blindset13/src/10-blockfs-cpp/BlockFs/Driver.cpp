//
// Driver.cpp - BlockFs entry point.
//
#include "Filter.h"
#include "Config.h"
#include "ScopeExit.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    using namespace blockfs;

    auto status = Config::Load(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto undoConfig = MakeScopeExit([] { Config::Unload(); });

    status = FltRegisterFilter(DriverObject, &Filter::Registration, &Filter::Handle);
    if (!NT_SUCCESS(status)) {
        KdPrint(("BlockFs: FltRegisterFilter 0x%08X\n", status));
        return status;
    }
    auto undoRegister = MakeScopeExit([] {
        FltUnregisterFilter(Filter::Handle);
        Filter::Handle = nullptr;
    });

    status = FltStartFiltering(Filter::Handle);
    if (!NT_SUCCESS(status)) {
        KdPrint(("BlockFs: FltStartFiltering 0x%08X\n", status));
        return status;
    }

    // Everything is up; from here on Filter::Unload owns the teardown.
    undoRegister.Dismiss();
    undoConfig.Dismiss();
    return STATUS_SUCCESS;
}
