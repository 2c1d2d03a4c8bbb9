/*
 * main.cpp - the helperreg project's DriverEntry: it registers and starts
 * the filter through the Watch class of watch.cpp.
 */
#include "watch.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = hr::Watch::Init(DriverObject);
    if (!NT_SUCCESS(status))
        return status;

    status = hr::Watch::Start();
    if (!NT_SUCCESS(status))
        hr::Watch::Stop();
    return status;
}
