// Filters.h - keyboard class filter devices
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>

namespace kbd {

constexpr ULONG MaxClassDevices = 8;   // KeyboardClass0..7

struct FilterExtension {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    ULONG          Index;
};

class Filters {
public:
    // Creates one filter per \Device\KeyboardClassN until a name is missing.
    static NTSTATUS AttachAll(_In_ PDRIVER_OBJECT DriverObject, _Out_ ULONG* Attached);

    // Detach, wait for reads we still own, delete.  Used by Unload and by
    // AttachAll when it gives up half way.
    static void Teardown(_In_ PDRIVER_OBJECT DriverObject);

    static void ReadStarted() { InterlockedIncrement(&s_pendingReads); }
    static void ReadFinished() { InterlockedDecrement(&s_pendingReads); }

private:
    static volatile LONG s_pendingReads;
};

DRIVER_DISPATCH PassThrough;
DRIVER_DISPATCH Read;
DRIVER_DISPATCH Power;
DRIVER_UNLOAD Unload;

} // namespace kbd
