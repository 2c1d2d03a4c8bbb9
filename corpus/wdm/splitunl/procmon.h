/*
 * procmon.h - "procmon": a process monitor split over three files, the way
 * real drivers are: DriverEntry in driver.c, the notify routine and the
 * unload routine in callbacks.c, which DriverEntry never calls but hands to
 * the system.
 */
#ifndef PROCMON_H
#define PROCMON_H

#include <ntddk.h>

DRIVER_UNLOAD PmUnload;

extern PDEVICE_OBJECT g_PmDevice;

VOID PmProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);

#endif
