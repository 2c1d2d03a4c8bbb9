/*
 * callbacks.c - the routines "procmon" hands the system: the process notify
 * routine and the unload routine, which removes it and deletes the device.
 */

#include "procmon.h"

VOID PmProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(CreateInfo);
}

VOID PmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutineEx(PmProcessNotify, TRUE);
    IoDeleteDevice(g_PmDevice);
}
