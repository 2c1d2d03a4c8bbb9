/*
 * callbacks.c (bad) - as ../../splitunl/callbacks.c, but the unload routine
 * only deletes the device: the notify routine stays registered after unload.
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
    IoDeleteDevice(g_PmDevice);
}
