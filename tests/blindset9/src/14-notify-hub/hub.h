/*
 * NotifyHub - registers every system notification a driver can get without
 * a device object and counts what it sees. Mostly to learn what needs
 * undoing and in which order.
 */
#pragma once

#include <ntddk.h>

#define NH_ALTITUDE L"380123"

#define NH_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[notifyhub] " fmt "\n", __VA_ARGS__)

/* what is currently registered */
#define NH_F_PROCESS_EX      0x00000001
#define NH_F_PROCESS_LEGACY  0x00000002
#define NH_F_THREAD          0x00000004
#define NH_F_IMAGE           0x00000008
#define NH_F_REGISTRY        0x00000010

typedef enum _NH_COUNTER {
    NhProcessCreate,
    NhProcessExit,
    NhThreadCreate,
    NhThreadExit,
    NhImageLoad,
    NhRegistryWrite,
    NhCounterMax
} NH_COUNTER;

typedef struct _NH_STATE {
    ULONG          Flags;
    LARGE_INTEGER  RegistryCookie;
    volatile LONG  Counters[NhCounterMax];
} NH_STATE, *PNH_STATE;

extern NH_STATE g_Hub;

/* handlers.c */
VOID NhOnProcessEx(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);
VOID NhOnProcessLegacy(_In_ HANDLE ParentId, _In_ HANDLE ProcessId, _In_ BOOLEAN Create);
VOID NhOnThread(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId, _In_ BOOLEAN Create);
VOID NhOnImage(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo);
EX_CALLBACK_FUNCTION NhOnRegistry;
