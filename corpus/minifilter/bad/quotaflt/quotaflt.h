/*
 * quotaflt.h - the quota-accounting minifilter's declarations and its
 * registration. The tree's template keeps the FLT_REGISTRATION in this
 * header, next to the callbacks it names, so that the operation table and
 * the registration change together; quotaflt.c, the only file that
 * includes it, defines the callbacks.
 */

#ifndef QUOTAFLT_H
#define QUOTAFLT_H

#include <fltKernel.h>

#define QF_TAG 'fQtQ'

typedef struct _QF_GLOBALS {
    PFLT_FILTER Filter;
    LONG64 BytesWritten;
} QF_GLOBALS;

extern QF_GLOBALS QfGlobals;

DRIVER_INITIALIZE DriverEntry;

NTSTATUS FLTAPI QfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS FLTAPI QfInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
FLT_POSTOP_CALLBACK_STATUS FLTAPI QfPostWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                              _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

CONST FLT_OPERATION_REGISTRATION QfCallbacks[] = {
    { IRP_MJ_WRITE, 0, NULL, QfPostWrite },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),           /* Size */
    FLT_REGISTRATION_VERSION,           /* Version */
    0,                                  /* Flags */
    NULL,                               /* Context */
    QfCallbacks,                        /* Operation callbacks */
    QfUnload,                           /* FilterUnload */
    QfInstanceSetup,                    /* InstanceSetup */
    NULL,                               /* InstanceQueryTeardown */
    NULL,                               /* InstanceTeardownStart */
    NULL,                               /* InstanceTeardownComplete */
    NULL,                               /* GenerateFileName */
    NULL,                               /* NormalizeNameComponent */
    NULL                                /* NormalizeContextCleanup */
};

#endif
