/*
 * stageparam.c - a legacy WDM driver of a sensor hub whose driver-wide state
 * is one global passed by pointer to its helpers. The setup helper records in
 * State->Stage how far it got; one teardown helper, used by DriverEntry's
 * failure path and by the unload routine, switches on that member and falls
 * through from the last stage down.
 */

#include <ntddk.h>

typedef enum _HUB_STAGE {
    HubStageNone = 0,
    HubStageLookaside,
    HubStageLock,
    HubStageNotify
} HUB_STAGE;

typedef struct _HUB_STATE {
    HUB_STAGE Stage;
    NPAGED_LOOKASIDE_LIST SampleList;
    ERESOURCE ClientLock;
    LIST_ENTRY Clients;
} HUB_STATE, *PHUB_STATE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HubUnload;

static HUB_STATE g_Hub;

static VOID
HubImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
}

static NTSTATUS
HubSetup(
    _Inout_ PHUB_STATE State
    )
{
    NTSTATUS status;

    RtlZeroMemory(State, sizeof(*State));
    InitializeListHead(&State->Clients);

    ExInitializeNPagedLookasideList(&State->SampleList, NULL, NULL,
                                    POOL_NX_ALLOCATION, 64, 'buHS', 0);
    State->Stage = HubStageLookaside;

    status = ExInitializeResourceLite(&State->ClientLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    State->Stage = HubStageLock;

    status = PsSetLoadImageNotifyRoutine(HubImageNotify);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    State->Stage = HubStageNotify;
    return STATUS_SUCCESS;
}

static VOID
HubTeardown(
    _Inout_ PHUB_STATE State
    )
{
    switch (State->Stage) {
    case HubStageNotify:
        PsRemoveLoadImageNotifyRoutine(HubImageNotify);
        /* fall through */
    case HubStageLock:
        ExDeleteResourceLite(&State->ClientLock);
        /* fall through */
    case HubStageLookaside:
        ExDeleteNPagedLookasideList(&State->SampleList);
        /* fall through */
    case HubStageNone:
    default:
        break;
    }
    State->Stage = HubStageNone;
}

VOID
HubUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    HubTeardown(&g_Hub);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = HubSetup(&g_Hub);
    if (!NT_SUCCESS(status)) {
        HubTeardown(&g_Hub);
        return status;
    }
    DriverObject->DriverUnload = HubUnload;
    return STATUS_SUCCESS;
}
