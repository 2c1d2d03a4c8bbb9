/* notify.c - process and image notification components */
#include "compmgr.h"

static BOOLEAN
CmpIsExcluded(_In_opt_ PCUNICODE_STRING ImageName)
{
    PWCHAR         cur = g_Cm.Config.ExcludeList;
    UNICODE_STRING entry, tail;

    if (ImageName == NULL || cur == NULL) {
        return FALSE;
    }

    for (; *cur != L'\0'; cur += entry.Length / sizeof(WCHAR) + 1) {
        RtlInitUnicodeString(&entry, cur);
        if (entry.Length > ImageName->Length) {
            continue;
        }
        tail.Buffer = (PWCH)((PUCHAR)ImageName->Buffer + ImageName->Length - entry.Length);
        tail.Length = tail.MaximumLength = entry.Length;
        if (RtlEqualUnicodeString(&tail, &entry, TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

static VOID
CmpQueueEvent(_In_ CM_EVENT_KIND Kind, _In_ HANDLE ProcessId, _In_opt_ PVOID Extra)
{
    PCM_EVENT ev;
    KIRQL     irql;

    if (g_Cm.State != CmStateRunning || g_Cm.EventCount >= g_Cm.Config.MaxEvents) {
        InterlockedIncrement(&g_Cm.Dropped);
        return;
    }

    ev = (PCM_EVENT)ExAllocateFromNPagedLookasideList(&g_Cm.EventPool);
    if (ev == NULL) {
        InterlockedIncrement(&g_Cm.Dropped);
        return;
    }
    ev->Kind = Kind;
    ev->ProcessId = ProcessId;
    ev->Extra = Extra;
    KeQuerySystemTimePrecise(&ev->Time);

    KeAcquireSpinLock(&g_Cm.EventLock, &irql);
    InsertTailList(&g_Cm.EventList, &ev->Link);
    g_Cm.EventCount++;
    KeReleaseSpinLock(&g_Cm.EventLock, irql);
}

static VOID
CmpProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                 _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL) {
        CmpQueueEvent(CmEventProcessExit, ProcessId, NULL);
    } else if (!CmpIsExcluded(CreateInfo->ImageFileName)) {
        CmpQueueEvent(CmEventProcessCreate, ProcessId, CreateInfo->ParentProcessId);
    }
}

NTSTATUS
CmProcNotifyInit(_In_ PDRIVER_OBJECT DriverObject, _In_ PCUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    return PsSetCreateProcessNotifyRoutineEx(CmpProcessNotify, FALSE);
}

VOID
CmProcNotifyUninit(VOID)
{
    PsSetCreateProcessNotifyRoutineEx(CmpProcessNotify, TRUE);
}

#if CM_FEATURE_IMAGES

static VOID
CmpImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo)
{
    if (!CmpIsExcluded(FullImageName)) {
        CmpQueueEvent(CmEventImageLoad, ProcessId, ImageInfo->ImageBase);
    }
}

NTSTATUS
CmImageNotifyInit(_In_ PDRIVER_OBJECT DriverObject, _In_ PCUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);

    return PsSetLoadImageNotifyRoutine(CmpImageNotify);
}

VOID
CmImageNotifyUninit(VOID)
{
    PsRemoveLoadImageNotifyRoutine(CmpImageNotify);
}

#endif /* CM_FEATURE_IMAGES */
