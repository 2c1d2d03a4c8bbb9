/*
 * trailret.cpp - DriverEntry of a C++ minifilter whose helpers live in
 * filter.cpp and are written with trailing return types
 * (`auto RegisterFilter(...) -> NTSTATUS`). They are found and followed:
 * the driver is a minifilter, and every failure undoes what came before.
 */

#include "trailret.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS
DriverEntry(                                                // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = tr::RegisterFilter(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = tr::OpenPort();
    if (!NT_SUCCESS(status)) {
        tr::UnregisterFilter();
        return status;
    }

    status = tr::StartFiltering();
    if (!NT_SUCCESS(status)) {
        tr::ClosePort();
        tr::UnregisterFilter();
        return status;
    }
    return STATUS_SUCCESS;
}
