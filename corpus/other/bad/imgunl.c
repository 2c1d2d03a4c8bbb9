/*
 * imgunl.c - "imgtrack" driver: tracks image loads and process exits for
 * the crash-triage agent, which reads the counters through WMI-less polling
 * of a shared section. No device, no dispatch routines.
 *
 * BUG (DE011): the unload routine that removes both notify routines is
 * declared DRIVER_UNLOAD and defined, but DriverEntry never stores it in
 * DriverObject->DriverUnload (it was lost when the device code went): the
 * driver cannot be unloaded, and the teardown written for it never runs.
 */

#include <ntddk.h>

#define IMGTRACK_TAG 'kTmI'

typedef struct _IMGTRACK_STATS {
    volatile LONG ImagesLoaded;
    volatile LONG ProcessesExited;
} IMGTRACK_STATS;

static IMGTRACK_STATS ImgStats;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ImgTrackUnload;

static VOID ImgTrackImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId,
                                _In_ PIMAGE_INFO ImageInfo);
static VOID ImgTrackProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                                  _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ImgTrackUnload)
#endif

NTSTATUS
DriverEntry(                                            // expect-entry: other
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    status = PsSetLoadImageNotifyRoutine(ImgTrackImageNotify);   // expect: DE011
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(ImgTrackProcessNotify, FALSE);   // expect: DE011
    if (!NT_SUCCESS(status)) {
        PsRemoveLoadImageNotifyRoutine(ImgTrackImageNotify);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
ImgTrackUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    PsSetCreateProcessNotifyRoutineEx(ImgTrackProcessNotify, TRUE);
    PsRemoveLoadImageNotifyRoutine(ImgTrackImageNotify);
}

static VOID
ImgTrackImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);

    InterlockedIncrement(&ImgStats.ImagesLoaded);
}

static VOID
ImgTrackProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);

    if (CreateInfo == NULL) {
        InterlockedIncrement(&ImgStats.ProcessesExited);
    }
}
