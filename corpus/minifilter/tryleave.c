/*
 * tryleave.c - minifilter whose DriverEntry reads eight policy switches,
 * then registers and starts inside __try, leaving on each failure, and
 * unregisters in __finally when it registered but did not start. A helper
 * that checks the OS version answers TRUE on every build this file targets.
 * The only success exit follows FltRegisterFilter and FltStartFiltering.
 */

#include <fltKernel.h>

DRIVER_INITIALIZE DriverEntry;

static PFLT_FILTER TlFilter;
static ULONG TlPolicy[8];
static ULONG TlMask;

NTSTATUS
TlUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(TlFilter);
    return STATUS_SUCCESS;
}

static const FLT_REGISTRATION TlRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    NULL,
    TlUnload,
};

static BOOLEAN
TlSupportedOs(VOID)
{
    return TRUE;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    BOOLEAN registered = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);
    if (!TlSupportedOs()) {
        return STATUS_NOT_SUPPORTED;
    }
    __try {
        if (TlPolicy[0]) TlMask |= 0x01;
        if (TlPolicy[1]) TlMask |= 0x02;
        if (TlPolicy[2]) TlMask |= 0x04;
        if (TlPolicy[3]) TlMask |= 0x08;
        if (TlPolicy[4]) TlMask |= 0x10;
        if (TlPolicy[5]) TlMask |= 0x20;
        if (TlPolicy[6]) TlMask |= 0x40;
        if (TlPolicy[7]) TlMask |= 0x80;
        status = FltRegisterFilter(DriverObject, &TlRegistration, &TlFilter);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        registered = TRUE;
        status = FltStartFiltering(TlFilter);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
    } __finally {
        if (!NT_SUCCESS(status) && registered) {
            FltUnregisterFilter(TlFilter);
        }
    }
    return status;
}
