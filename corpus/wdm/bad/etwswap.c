/*
 * etwswap.c - a legacy WDM driver of a thermal-zone logger. Its ETW provider
 * is optional: DriverEntry goes on without it. A stop helper takes the
 * registration handle out of the global with InterlockedExchange64 and
 * unregisters it when it was set, so a second stop does nothing.
 *
 * Violating: the helper compares the handle it took out with 0 the wrong way
 * round, so the registration is never undone on the failure path (DE006).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ThermUnload;

static const GUID ThermProvider = { 0x6f1c2a10, 0x4b7e, 0x4d2f, { 0x9a, 0x31, 0x52, 0x07, 0xc4, 0x8e, 0x11, 0xd3 } };
static REGHANDLE ThermTrace;

static VOID
ThermTraceStop(VOID)
{
    REGHANDLE handle = (REGHANDLE)InterlockedExchange64((volatile LONG64 *)&ThermTrace, 0);
    if (handle == 0) {
        EtwUnregister(handle);
    }
}

static VOID
ThermImageLoad(PUNICODE_STRING ImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(ImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
}

_Use_decl_annotations_
VOID
ThermUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsRemoveLoadImageNotifyRoutine(ThermImageLoad);
    ThermTraceStop();
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = EtwRegister(&ThermProvider, NULL, NULL, &ThermTrace);
    if (!NT_SUCCESS(status)) {
        ThermTrace = 0;
    }

    status = PsSetLoadImageNotifyRoutine(ThermImageLoad);
    if (!NT_SUCCESS(status)) {
        ThermTraceStop();
        return status;  // expect: DE006
    }

    DriverObject->DriverUnload = ThermUnload;
    return STATUS_SUCCESS;
}
