/*
 * notify.c - process, thread and image notification routines.
 */
#include "bootmon.h"

VOID
BmProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        InterlockedIncrement(&g_Bm.ProcessCount);
        BmEtwWriteProcess(BM_EVT_PROCESS_START,
                          ProcessId,
                          CreateInfo->ParentProcessId,
                          g_Bm.Config.LogCommandLines ? CreateInfo->CommandLine
                                                      : CreateInfo->ImageFileName);
    } else {
        InterlockedDecrement(&g_Bm.ProcessCount);
        BmEtwWriteProcess(BM_EVT_PROCESS_STOP, ProcessId, NULL, NULL);
    }
}

VOID
BmThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    EVENT_DESCRIPTOR desc;
    EVENT_DATA_DESCRIPTOR data[3];
    ULONG pid;
    ULONG tid;
    ULONG creator;

    if (!Create || !g_Bm.EtwEnabled || !g_Bm.Config.TrackThreads) {
        return;
    }

    pid = HandleToULong(ProcessId);
    tid = HandleToULong(ThreadId);
    creator = HandleToULong(PsGetCurrentProcessId());

    /* remote thread creation is the interesting case */
    if (creator == pid) {
        return;
    }

    EventDescCreate(&desc, BM_EVT_THREAD_START, 0, 0, TRACE_LEVEL_WARNING, 0, 0, 0x2);
    EventDataDescCreate(&data[0], &pid, sizeof(pid));
    EventDataDescCreate(&data[1], &tid, sizeof(tid));
    EventDataDescCreate(&data[2], &creator, sizeof(creator));
    EtwWrite(g_Bm.EtwHandle, &desc, NULL, 3, data);
}

VOID
BmImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    InterlockedIncrement64(&g_Bm.ImageLoads);

    if (ImageInfo->SystemModeImage) {
        ProcessId = NULL;
    }

    BmEtwWriteImage(ProcessId, FullImageName, ImageInfo->ImageBase, ImageInfo->ImageSize);
}
