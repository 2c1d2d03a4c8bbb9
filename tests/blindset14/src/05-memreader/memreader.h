/* memreader.h - MemReader driver internals */
#pragma once

#include <ntifs.h>
#include "shared.h"

#define MR_TAG 'rmeM'

#define LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[memreader] " fmt "\n", ##__VA_ARGS__)

/* log and jump to the matching cleanup label */
#define CHECK_STATUS(s, what, label)                                   \
    do {                                                               \
        if (!NT_SUCCESS(s)) {                                          \
            LOG("%s failed: 0x%08X", what, (s));                       \
            goto label;                                                \
        }                                                              \
    } while (0)

typedef struct _MR_STATE {
    PDEVICE_OBJECT  Device;
    FAST_MUTEX      Lock;           /* protects Target, TargetPid, ImageBase */
    KSEMAPHORE      ScratchGate;    /* one reader at a time in Scratch */
    HANDLE          TargetPid;
    PEPROCESS       Target;         /* referenced while set */
    ULONG_PTR       ImageBase;
    PUCHAR          Scratch;        /* MR_MAX_READ bytes, nonpaged */
} MR_STATE;

extern MR_STATE g_Mr;

/* memory.c */
NTSTATUS MrSetTarget(HANDLE Pid);
VOID MrDropTarget(VOID);
NTSTATUS MrReadTarget(ULONG_PTR Address, ULONG Size, PVOID Out);
VOID MrProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
VOID MrImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

/* ioctl.c */
DRIVER_DISPATCH MrCreateClose;
DRIVER_DISPATCH MrDeviceControl;
