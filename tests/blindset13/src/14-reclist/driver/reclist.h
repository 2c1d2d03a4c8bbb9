/*
 * reclist.h - RecList: a record store in non-paged pool, reachable through
 * two devices: \\.\RecList (read) and \\.\RecListAdmin (read/write/clear).
 */
#pragma once

#ifdef RECLIST_USERMODE_TEST
#include "../test/ut_shim.h"
#else
#include <ntddk.h>
#endif

#define RL_TAG 'tsLR'

#define LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "reclist: " fmt "\n", __VA_ARGS__)

/* log the status a function is about to give up on; the caller decides what happens next */
#define LOG_RETURN(s) LOG("%s: status 0x%08X", __FUNCTION__, (s))

#define RL_DEVICE_COUNT   2
#define RL_MAX_PAYLOAD    64

#define IOCTL_RL_ADD   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RL_TAKE  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x841, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RL_CLEAR CTL_CODE(FILE_DEVICE_UNKNOWN, 0x842, METHOD_BUFFERED, FILE_WRITE_ACCESS)

/* g_Rl.Flags */
#define RLF_RECORDS   0x0001
#define RLF_DEVICES   0x0002
#define RLF_DISPATCH  0x0004

typedef struct _RL_CONFIG {
    ULONG MaxRecords;
    ULONG Verbose;
} RL_CONFIG;

typedef struct _RL_RECORD {
    LIST_ENTRY Link;
    ULONG      Id;
    ULONG      Length;
    UCHAR      Payload[RL_MAX_PAYLOAD];
} RL_RECORD, *PRL_RECORD;

typedef struct _RL_DEVICE_EXT {
    BOOLEAN Admin;
} RL_DEVICE_EXT, *PRL_DEVICE_EXT;

typedef struct _RL_STATE {
    ULONG          Flags;
    RL_CONFIG      Config;
    KSPIN_LOCK     Lock;
    LIST_ENTRY     Records;
    ULONG          Count;
    ULONG          NextId;
    PDEVICE_OBJECT Devices[RL_DEVICE_COUNT];
} RL_STATE;

extern RL_STATE g_Rl;

/* records.c */
NTSTATUS RecInit(PDRIVER_OBJECT DriverObject);
VOID     RecFini(PDRIVER_OBJECT DriverObject);
NTSTATUS RecAdd(const VOID *Data, ULONG Length, PULONG Id);
NTSTATUS RecTake(PRL_RECORD Out);
VOID     RecClear(VOID);
#if DBG
NTSTATUS RecSelfTest(VOID);
#endif

/* devices.c */
NTSTATUS DevCreateAll(PDRIVER_OBJECT DriverObject);
VOID     DevDeleteAll(PDRIVER_OBJECT DriverObject);

/* reclist.c */
NTSTATUS RlSetDispatch(PDRIVER_OBJECT DriverObject);
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
