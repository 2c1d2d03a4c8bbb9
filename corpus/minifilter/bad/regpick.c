/*
 * regpick.c - minifilter that also loads on an older Windows: it keeps two
 * registrations, the current layout and the Windows 8 one (which names its
 * version explicitly), and picks one with ?: from the OS version it reads.
 * Both start with Size and a version the filter manager accepts, and name
 * the same unload routine... which forgets the process notify routine
 * DriverEntry registers (DE011, read through either registration).
 */

#include <fltKernel.h>

DRIVER_INITIALIZE DriverEntry;

static PFLT_FILTER RpFilter;
static BOOLEAN RpDownLevel;

static VOID
RpProcessNotify(
    _In_ HANDLE ParentId,
    _In_ HANDLE ProcessId,
    _In_ BOOLEAN Create
    )
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(Create);
}

NTSTATUS
RpUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(RpFilter);
    return STATUS_SUCCESS;
}

static const FLT_REGISTRATION RpCurrent = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    NULL,
    RpUnload,
};

static const FLT_REGISTRATION RpWin8 = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION_0202,
    0,
    NULL,
    NULL,
    RpUnload,
};

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    RTL_OSVERSIONINFOW version = { sizeof(version) };

    UNREFERENCED_PARAMETER(RegistryPath);
    if (NT_SUCCESS(RtlGetVersion(&version)) && version.dwMajorVersion < 10) {
        RpDownLevel = TRUE;
    }
    status = FltRegisterFilter(DriverObject, RpDownLevel ? &RpWin8 : &RpCurrent, &RpFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = PsSetCreateProcessNotifyRoutine(RpProcessNotify, FALSE); // expect: DE011
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(RpFilter);
        return status;
    }
    status = FltStartFiltering(RpFilter);
    if (!NT_SUCCESS(status)) {
        PsSetCreateProcessNotifyRoutine(RpProcessNotify, TRUE);
        FltUnregisterFilter(RpFilter);
        return status;
    }
    return STATUS_SUCCESS;
}
