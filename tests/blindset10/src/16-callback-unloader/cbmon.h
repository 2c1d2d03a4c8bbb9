/*
 * cbmon.h - registers the four common notification callbacks and counts
 * what they see.  Meant to be loaded/unloaded a lot while testing, so
 * everything it registers has to come off again cleanly.
 */
#ifndef CBMON_H
#define CBMON_H

#include <ntddk.h>

#define CBMON_ALTITUDE L"380777"

#define LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "cbmon: " fmt "\n", ##__VA_ARGS__)

typedef struct _CBMON_COUNTS {
    volatile LONG ProcessCreate;
    volatile LONG ProcessExit;
    volatile LONG ThreadCreate;
    volatile LONG ThreadExit;
    volatile LONG ImageLoad;
    volatile LONG RegistryOps;
} CBMON_COUNTS;

extern CBMON_COUNTS g_Counts;
extern PDRIVER_OBJECT g_DriverObject;

typedef NTSTATUS (*CBMON_INIT_FN)(VOID);
typedef VOID (*CBMON_UNDO_FN)(VOID);

/* callbacks.c */
NTSTATUS CbRegisterProcess(VOID);
VOID     CbUnregisterProcess(VOID);
NTSTATUS CbRegisterThread(VOID);
NTSTATUS CbRegisterImage(VOID);
VOID     CbUnregisterImage(VOID);
NTSTATUS CbRegisterRegistry(VOID);
VOID     CbUnregisterRegistry(VOID);

#endif
