/*
 * optable.h - "opcount": what driver.c and ops.c share. The callbacks are
 * defined in ops.c and named only by the registration table in driver.c.
 */
#ifndef OPTABLE_H
#define OPTABLE_H

#include <fltKernel.h>

#define OC_TAG 'tcpO'

typedef struct _OC_RECORD {
    LIST_ENTRY Link;
    ULONG ProcessId;
} OC_RECORD, *POC_RECORD;

extern PFLT_FILTER g_OcFilter;
extern NPAGED_LOOKASIDE_LIST g_OcRecords;
extern LIST_ENTRY g_OcList;
extern KSPIN_LOCK g_OcLock;

FLT_PREOP_CALLBACK_STATUS FLTAPI OcPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                            PVOID *CompletionContext);

#endif
