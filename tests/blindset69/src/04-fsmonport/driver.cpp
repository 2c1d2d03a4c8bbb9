// driver.cpp - fsmon entry point
#include "fsmon.h"

fsmon::Globals fsmon::g = {};

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    using namespace fsmon;

    NTSTATUS status = FltRegisterFilter(DriverObject, &Registration, &g.Filter);
    if (!NT_SUCCESS(status)) {
        DBG("FltRegisterFilter 0x%08X", status);
        return status;
    }

    status = Port::Create(g.Filter);
    if (!NT_SUCCESS(status)) {
        DBG("port 0x%08X", status);
        FltUnregisterFilter(g.Filter);
        g.Filter = nullptr;
        return status;
    }

    status = FltStartFiltering(g.Filter);
    if (!NT_SUCCESS(status)) {
        DBG("FltStartFiltering 0x%08X", status);
        Port::Close();
        return status;
    }

    DBG("started");
    return STATUS_SUCCESS;
}
