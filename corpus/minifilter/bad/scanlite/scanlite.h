/*
 * scanlite.h - shared definitions of scanlite, a small on-access scanner
 * minifilter that forwards file names to a user-mode scanner over a port.
 */

#ifndef SCANLITE_H
#define SCANLITE_H

#include <fltKernel.h>

#define SCANLITE_PORT_NAME L"\\ScanLitePort"

typedef struct _SCANLITE_DATA {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
} SCANLITE_DATA;

extern SCANLITE_DATA SlData;

DRIVER_INITIALIZE DriverEntry;

/* port.c */
NTSTATUS SlRegisterAndOpenPort(_In_ PDRIVER_OBJECT DriverObject);
NTSTATUS FLTAPI SlUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

#endif /* SCANLITE_H */
