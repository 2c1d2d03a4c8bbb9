//
// StreamTag minifilter: driver entry point.
//
#include "StreamTag.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    //
    // Initialize() registers, opens the port and starts filtering, and
    // rolls back whatever it did if any step fails, so its status is
    // exactly what the filter manager expects back from DriverEntry.
    //
    return StreamTagFilter::Initialize(DriverObject);
}
