/*
 * wsk_util.h - tiny synchronous wrappers around the WSK datagram calls
 */
#pragma once

#include <ntddk.h>
#include <wsk.h>

#define WB_TAG 'nbkW'

#define WB_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[wskbeacon] " fmt "\n", __VA_ARGS__)

typedef struct _WK_SYNC {
    PIRP   Irp;
    KEVENT Event;
} WK_SYNC, *PWK_SYNC;

NTSTATUS WkCreateDatagramSocket(_In_ PWSK_PROVIDER_NPI Npi, _Out_ PWSK_SOCKET *Socket);
NTSTATUS WkBind(_In_ PWSK_SOCKET Socket, _In_ PSOCKADDR Local);
NTSTATUS WkSendTo(_In_ PWSK_SOCKET Socket, _In_ PSOCKADDR Remote, _In_reads_bytes_(Length) PVOID Data, _In_ ULONG Length);
NTSTATUS WkClose(_In_ PWSK_SOCKET Socket);
