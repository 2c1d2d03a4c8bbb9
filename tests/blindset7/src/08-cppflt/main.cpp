// main.cpp - entry point only; everything else lives in OpenCounter.cpp
//
// Install with OpenCounter.inf (Altitude = 361234, "FSFilter Activity Monitor").

#include "OpenCounter.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    KdPrint(("OpenCounter: DriverEntry\n"));
    return OpenCounter::Initialize(DriverObject);
}
