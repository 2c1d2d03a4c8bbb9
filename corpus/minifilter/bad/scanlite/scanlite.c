/*
 * scanlite.c - DriverEntry of scanlite. Registration and the communication
 * port are set up by SlRegisterAndOpenPort() in port.c.
 *
 * BUG (FLT004): when FltStartFiltering fails, the port is closed but the
 * filter registered in port.c is not unregistered before DriverEntry
 * returns the error; the filter object (and its altitude) stays behind
 * until reboot and the next load fails with STATUS_FLT_INSTANCE_ALTITUDE_COLLISION.
 */

#include "scanlite.h"

SCANLITE_DATA SlData;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = SlRegisterAndOpenPort(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(SlData.Filter);
    if (!NT_SUCCESS(status)) {
        FltCloseCommunicationPort(SlData.ServerPort);
        return status;                                  // expect: FLT004
    }

    return STATUS_SUCCESS;
}
