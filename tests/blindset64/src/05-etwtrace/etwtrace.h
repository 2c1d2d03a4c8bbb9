#pragma once

#include <ntddk.h>
#include <evntprov.h>

#define ET_TAG          'tEwE'
#define ET_PID_BUCKETS  4096

#define ET_DBG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "etwtrace: " fmt "\n", __VA_ARGS__)

//
// Keywords understood by the provider (match the manifest in ..\man\etwtrace.man)
//
#define ET_KW_PROCESS   0x0000000000000001ULL
#define ET_KW_IMAGE     0x0000000000000002ULL
#define ET_KW_THREAD    0x0000000000000004ULL

// etw.c
NTSTATUS EtTraceRegister(VOID);
VOID     EtTraceUnregister(VOID);
VOID     EtTraceProcess(_In_ ULONG Pid, _In_ ULONG ParentPid, _In_opt_ PCUNICODE_STRING Image, _In_ BOOLEAN Create);
VOID     EtTraceImage(_In_ ULONG Pid, _In_ ULONG ParentPid, _In_opt_ PCUNICODE_STRING Image, _In_ PVOID Base);
VOID     EtTraceRemoteThread(_In_ ULONG TargetPid, _In_ ULONG CreatorPid, _In_ ULONG Tid);

// notify.c
BOOLEAN  PidCacheInit(VOID);
VOID     PidCacheFree(VOID);

VOID EtProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);
VOID EtImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo);
VOID EtThreadNotify(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId, _In_ BOOLEAN Create);
