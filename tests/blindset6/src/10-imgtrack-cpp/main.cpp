//
// imgtrack - remembers which images each process loaded, for the
// forensics agent. Written in C++17 against the WDK.
//
#include <ntddk.h>
#include "tracker.h"
#include "scope_exit.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD DriverUnload;

namespace {

imgtrack::ImageTracker g_Tracker;
bool g_ImageNotify = false;
bool g_ProcessNotify = false;

void OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    g_Tracker.Record(FullImageName, ProcessId, ImageInfo);
}

void OnProcessNotify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ParentId);

    if (!Create) {
        g_Tracker.ForgetProcess(ProcessId);
    }
}

} // namespace

static void DriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_ProcessNotify) {
        PsSetCreateProcessNotifyRoutine(OnProcessNotify, TRUE);
        g_ProcessNotify = false;
    }
    if (g_ImageNotify) {
        PsRemoveLoadImageNotifyRoutine(OnImageLoad);
        g_ImageNotify = false;
    }

    KdPrint(("imgtrack: unloading with %lu records\n", g_Tracker.Count()));
    g_Tracker.Shutdown();
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = g_Tracker.Initialize();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto trackerGuard = kx::MakeScopeExit([] { g_Tracker.Shutdown(); });

    status = PsSetLoadImageNotifyRoutine(OnImageLoad);
    if (!NT_SUCCESS(status)) {
        KdPrint(("imgtrack: PsSetLoadImageNotifyRoutine 0x%08X\n", status));
        return status;
    }
    g_ImageNotify = true;
    auto imageGuard = kx::MakeScopeExit([] {
        PsRemoveLoadImageNotifyRoutine(OnImageLoad);
        g_ImageNotify = false;
    });

    // everything below is optional bookkeeping; keep what we have
    trackerGuard.Dismiss();
    imageGuard.Dismiss();

    status = PsSetCreateProcessNotifyRoutine(OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("imgtrack: PsSetCreateProcessNotifyRoutine 0x%08X\n", status));
        return status;
    }
    g_ProcessNotify = true;

    DriverObject->DriverUnload = DriverUnload;
    return STATUS_SUCCESS;
}
