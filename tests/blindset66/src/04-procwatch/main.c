//
// main.c - procwatch entry / unload
//
#include "procwatch.h"

PW_GLOBALS g_Pw = { 0 };

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PwUnload;

static ULONG g_Verbose = 0;   // set from the debugger: ed procwatch!g_Verbose 1

VOID
PwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PW_DBG("unload (%lu still tracked)\n", g_Pw.TrackedCount);

    // callbacks first so nobody touches the list while we tear it down
    PwUnregisterCallbacks();
    PwFreeTracking();

    PW_DBG("unloaded\n");
}

#if 0
//
// old version, used PsSetLoadImageNotifyRoutine to spot the game dll instead
// of the process image. too noisy.
//
static VOID
PwImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(ImageInfo);
    if (PwIsGameImage(FullImageName)) {
        PW_DBG("game image in %p\n", ProcessId);
    }
}
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(RegistryPath);

    PW_DBG("DriverEntry, built %s %s\n", __DATE__, __TIME__);

    DriverObject->DriverUnload = PwUnload;

    CHECK(PwRegisterCallbacks());

    PwInitTracking();

    if (g_Verbose) {
        PW_DBG("watching %u image names\n", 4);
    }

Exit:
    return status;
}
