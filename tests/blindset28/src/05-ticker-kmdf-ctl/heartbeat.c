#include "ticker.h"

KSTART_ROUTINE TkHeartbeatThread;

VOID
TkHeartbeatThread(
    _In_ PVOID StartContext
    )
{
    LARGE_INTEGER period;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(StartContext);

    period.QuadPart = -10LL * 1000 * TK_PERIOD_MS;

    for (;;) {
        status = KeWaitForSingleObject(&g_Tk.StopEvent,
                                       Executive,
                                       KernelMode,
                                       FALSE,
                                       &period);
        if (status != STATUS_TIMEOUT) {
            break;
        }

        InterlockedIncrement64(&g_Tk.Ticks);
        KeQuerySystemTime(&g_Tk.LastTick);
    }

    KdPrint(("ticker: heartbeat thread exiting\n"));
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
TkStartHeartbeat(
    VOID
    )
{
    OBJECT_ATTRIBUTES oa;

    KeInitializeEvent(&g_Tk.StopEvent, NotificationEvent, FALSE);

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);

    return PsCreateSystemThread(&g_Tk.ThreadHandle,
                                THREAD_ALL_ACCESS,
                                &oa,
                                NULL,
                                NULL,
                                TkHeartbeatThread,
                                NULL);
}

VOID
TkStopHeartbeat(
    VOID
    )
{
    KeSetEvent(&g_Tk.StopEvent, IO_NO_INCREMENT, FALSE);

    if (g_Tk.ThreadHandle != NULL) {
        ZwClose(g_Tk.ThreadHandle);
        g_Tk.ThreadHandle = NULL;
    }
}
